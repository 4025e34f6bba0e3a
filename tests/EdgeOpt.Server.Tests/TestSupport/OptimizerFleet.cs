using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.TestSupport;

/// <summary>
/// A server with a pretrained nb201 latency model (ridge without known devices, so it learns each device from its own
/// measurements) in its models folder, and an nb201 device that reported its signature set (latency grows with
/// multiply-adds). No accuracy model: the optimizer's capacity proxy stands in.
/// </summary>
public static class OptimizerFleet
{
    public static Task<TestFleet> StartAsync(Action<global::EdgeOpt.Server.Optimization.OptimizerServiceOptions>? configure = null)
    {
        var models = Path.Combine(TestFleet.NewTempDirectory(), "models");
        var space = SearchSpaces.Get("nb201");
        Directory.CreateDirectory(Path.Combine(models, space.Id));
        using (var file = File.Create(Path.Combine(models, space.Id, "latency.model")))
            LatencyModelFile.Save(new RidgeLatencyTrainer().Fit(LatencyTrainingData.None(space), CancellationToken.None), file);
        return TestFleet.StartAsync(
            o =>
            {
                o.ModelsDirectory = models;
                // The devices here are measured by their signature set alone: an agent stream answers only the
                // optimizer's verification jobs (front measurements are DeviceModelingTests' subject).
                o.FrontMeasurements = 0;
            },
            configureBuilder: builder =>
            {
                if (configure is not null) builder.Services.PostConfigure(configure);
            });
    }

    /// <summary>The synthetic device's latency of an architecture: 0.5 ms plus 0.05 ms per million multiply-adds.</summary>
    public static double LatencyMs(string arch)
    {
        var architecture = SearchSpaces.Get("nb201").Parse(arch);
        return 0.5 + GraphFeatures.Of(architecture).MultiplyAdds / 1e6 * 0.05;
    }

    /// <summary>Registers and enrolls an nb201 device and reports its whole signature set.</summary>
    public static async Task<Scenario.Registered> MeasuredDeviceAsync(TestFleet fleet, string name)
    {
        var device = await Scenario.RegisterAndEnrollAsync(fleet, name, "nb201");
        var jobs = await Scenario.TakeAsync(fleet, device.AgentToken, count: 10, concurrency: 10);
        var reports = jobs.Select(j => Scenario.ReportFor(j, LatencyMs(j.Design.Arch))).ToArray();
        await fleet.Agent(device.AgentToken).ReportMeasurementsAsync(Scenario.Batch($"signature-{name}", reports));
        return device;
    }

    public static Wire.OptimizeRequest Request(string deviceId, double latencyMs, params Wire.Precision[] precisions)
    {
        var request = new Wire.OptimizeRequest
        {
            Device = new Wire.DeviceRef { DeviceId = deviceId },
            Space = "nb201",
            Budgets = new Wire.Budgets { LatencyMs = latencyMs },
            Seed = 3,
        };
        request.AllowedPrecisions.Add(precisions);
        return request;
    }
}

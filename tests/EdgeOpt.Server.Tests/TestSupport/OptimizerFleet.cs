using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Server.Predictors;
using EdgeOpt.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.TestSupport;

/// <summary>A server whose nb201 device has reported its signature set (latency grows with multiply-adds).</summary>
public static class OptimizerFleet
{
    public static Task<TestFleet> StartAsync(Action<global::EdgeOpt.Server.Optimization.OptimizerServiceOptions>? configure = null) =>
        TestFleet.StartAsync(configureBuilder: builder =>
        {
            builder.Services.AddSingleton(sp => new StoredMeasurementPredictors(sp.GetRequiredService<IFleetStore>()));
            builder.Services.AddSingleton<IDevicePredictors>(sp => sp.GetRequiredService<StoredMeasurementPredictors>());
            builder.Services.AddSingleton<IAccuracyModels>(sp => sp.GetRequiredService<StoredMeasurementPredictors>());
            if (configure is not null) builder.Services.PostConfigure(configure);
        });

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

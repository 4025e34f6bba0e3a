using System.Diagnostics;
using EdgeOpt.Learning.Persistence;
using EdgeOpt.Server.Tests.TestSupport;
using Xunit.Abstractions;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Predictors;

/// <summary>The models the repository ships (copied beside the server) are imported and used as they are.</summary>
public sealed class RepositoryModelsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_WithTheShippedModels_ImportsThemAsVersion1_AndNewDevicesGetModelChosenSignatureSets()
    {
        string? shipped = PretrainedModels.Locate(null);
        Assert.True(shipped is not null, "the server's output should hold the repository's models folder");
        var watch = Stopwatch.StartNew();
        await using var fleet = await TestFleet.StartAsync(o => o.ModelsDirectory = shipped, callDeadline: TimeSpan.FromSeconds(90));
        output.WriteLine($"start with the shipped models: {watch.ElapsedMilliseconds} ms");
        var card = await fleet.Predictor(TestFleet.OperatorSecret).GetModelCardAsync(new Wire.GetModelCardRequest { PredictorId = "nb201-latency" });
        var shippedCard = ModelCard.Load(PretrainedModels.LatencyCardPath(shipped!, "nb201"));

        watch.Restart();
        var device = await Scenario.RegisterAsync(fleet, "new-device", "nb201");
        await fleet.Agent(device.AgentToken).EnrollAsync(new Wire.EnrollRequest { Mode = "replay" }, deadline: DateTime.UtcNow.AddMinutes(3));
        output.WriteLine($"first enrollment (model-chosen signature set over 15,625 cells): {watch.ElapsedMilliseconds} ms");
        var jobs = await Scenario.JobsAsync(fleet, device.Id);

        Assert.Equal(1, card.Version);
        Assert.Equal(shippedCard.Method, card.Method);
        Assert.Equal(shippedCard.Devices, card.Devices);
        Assert.Equal(10, jobs.Count);
        Assert.Contains(fleet.Logs.Lines, l => l.Contains($"chosen in") && l.Contains($"by {shippedCard.Method}/v1"));
    }
}

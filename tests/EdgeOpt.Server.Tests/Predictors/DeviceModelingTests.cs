using System.Diagnostics;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Measurement;
using EdgeOpt.Learning.Proxy;
using EdgeOpt.Server.Predictors;
using EdgeOpt.Server.Tests.TestSupport;
using Xunit.Abstractions;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Predictors;

/// <summary>
/// The server gives a device a predictor by itself once its signature set is reported, and Predict serves it
/// (real server on loopback, real LiteDB file, the shared NAS-Bench-201 table replayed through the agent API).
/// </summary>
public sealed class DeviceModelingTests(PretrainedModelsFixture models, ITestOutputHelper output) : IClassFixture<PretrainedModelsFixture>
{
    private const string NewDeviceColumn = "silver_4210r";
    private static readonly TimeSpan ModelingTimeout = TimeSpan.FromSeconds(120);

    [SharedDataFact]
    public async Task ReplayedDevice_WithoutProxies_GetsCrossDeviceModelAdaptedToItsModelChosenSignatureSet()
    {
        await using var fleet = await StartAsync();
        var device = await ReplayFleet.EnrollReplayAsync(fleet, "new-cpu");

        var jobs = await ReplayFleet.ReplaySignatureAsync(fleet, device, NewDeviceColumn, 10);
        var assignment = await ReplayFleet.WaitForPredictorAsync(fleet, device.Id, "nb201", ModelingTimeout);

        var candidates = SpaceCandidates.Of(SearchSpaces.Nb201);
        var expected = models.Model!.ChooseMeasurements(candidates, [], 10).Select(i => SearchSpaces.Nb201.Format(candidates[i]));
        Assert.Equal(expected.Order(), jobs.Select(j => j.Design.Arch).Order());
        Assert.Equal("cross-device", assignment.Decision);
        Assert.Equal("nb201-latency", assignment.PredictorId);
        Assert.Equal(1, assignment.PredictorVersion);
        Assert.Equal(10, assignment.Observations);
        Assert.Equal("", assignment.EvidenceJson);
        Assert.Equal(Wire.DeviceState.Ready, (await fleet.Operator.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = device.Id })).State);
        Assert.Contains(fleet.Logs.Lines, l => l.Contains($"Device {device.Id} modeled in nb201: cross-device"));
    }

    [SharedDataFact]
    public async Task AfterItsSignatureSet_TheDeviceIsMeasuredOnTheFront_OneDesignAtATime_AsEvalOptimizePlacesThem()
    {
        await using var fleet = await StartAsync();
        var device = await ReplayFleet.EnrollReplayAsync(fleet, "new-cpu");
        var signature = await ReplayFleet.ReplaySignatureAsync(fleet, device, NewDeviceColumn, 10);
        var observed = signature.Select(j => Replayed(j.Design.Arch)).ToList();

        for (int i = 0; i < 5; i++)
        {
            var job = Assert.Single(await Scenario.TakeAsync(fleet, device.AgentToken, 1, 1, timeoutSeconds: 120));

            Assert.Equal(Wire.JobPurpose.Adaptation, job.Purpose);
            Assert.Equal(ExpectedFront(observed, i), job.Design.Arch);
            Assert.DoesNotContain(job.Design.Arch, observed.Select(o => SearchSpaces.Nb201.Format(o.Architecture)));
            Assert.Equal(i + 1, (await Scenario.JobsAsync(fleet, device.Id)).Count(j => j.Purpose == Wire.JobPurpose.Adaptation));
            await ReplayFleet.ReportAsync(fleet, device, NewDeviceColumn, [job], $"{device.Id}-front-{i}");
            observed.Add(Replayed(job.Design.Arch));
        }

        var deadline = DateTime.UtcNow + ModelingTimeout;
        while ((await ReplayFleet.WaitForPredictorAsync(fleet, device.Id, "nb201", ModelingTimeout)).Observations < 15)
        {
            Assert.True(DateTime.UtcNow < deadline, "the device's predictor was not rebuilt on its 15 measurements in time");
            await Task.Delay(100);
        }
        Assert.Empty(await Scenario.TakeForAsync(fleet, device.AgentToken, 1, TimeSpan.FromSeconds(2)));
        Assert.All((await Scenario.JobsAsync(fleet, device.Id)).Where(j => j.Purpose == Wire.JobPurpose.Adaptation),
            j => Assert.Equal(Wire.JobState.Done, j.State));
        Assert.Contains(fleet.Logs.Lines, l => l.Contains($"Front measurement 5 of 5 for device {device.Id} in nb201"));
    }

    [SharedDataFact]
    public async Task AFrontMeasurementThatFails_UsesUpItsSlot_AndTheNextOneIsQueued()
    {
        await using var fleet = await StartAsync();
        var device = await ReplayFleet.EnrollReplayAsync(fleet, "new-cpu");
        var signature = await ReplayFleet.ReplaySignatureAsync(fleet, device, NewDeviceColumn, 10);
        var observed = signature.Select(j => Replayed(j.Design.Arch)).ToList();
        var first = Assert.Single(await Scenario.TakeAsync(fleet, device.AgentToken, 1, 1, timeoutSeconds: 120));

        await fleet.Agent(device.AgentToken).ReportJobFailureAsync(new Wire.ReportJobFailureRequest
        {
            JobId = first.Id, Reason = "the recording has no such cell", Retryable = false,
        });

        var second = Assert.Single(await Scenario.TakeAsync(fleet, device.AgentToken, 1, 1, timeoutSeconds: 120));
        Assert.Equal(Wire.JobPurpose.Adaptation, second.Purpose);
        Assert.Equal(ExpectedFront(observed, 1), second.Design.Arch);
    }

    [SharedDataFact]
    public async Task Predict_ByRawFeatures_MatchesTheRegisteredDeviceWithTheSameMeasurements()
    {
        await using var fleet = await StartAsync();
        var device = await ReplayFleet.EnrollReplayAsync(fleet, "new-cpu");
        var jobs = await ReplayFleet.ReplaySignatureAsync(fleet, device, NewDeviceColumn, 10);
        var byId = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = device.Id } };
        var features = new Wire.DeviceFeatures { Space = "nb201" };
        features.Points.Add(jobs.Select(j => new Wire.SignaturePoint
        {
            Arch = j.Design.Arch,
            LatencyMs = ReplayFleet.Table[ReplayFleet.Table.IndexOf(j.Design.Arch), NewDeviceColumn]!.Value,
        }));
        var byFeatures = new Wire.PredictRequest { Device = new Wire.DeviceRef { Features = features } };
        foreach (var request in new[] { byId, byFeatures }) request.Targets.Add(ReplayFleet.AllCells().Skip(100).Take(30));
        var predictor = fleet.Predictor(TestFleet.OperatorSecret);

        var fromDevice = await predictor.PredictAsync(byId);
        var fromFeatures = await predictor.PredictAsync(byFeatures);

        Assert.Equal("cross-device", fromFeatures.Method);
        Assert.Equal(fromDevice.Predictions.Select(p => p.LatencyMs.Value), fromFeatures.Predictions.Select(p => p.LatencyMs.Value));
        Assert.Equal(fromDevice.Predictions.Select(p => p.LatencyMs.Upper), fromFeatures.Predictions.Select(p => p.LatencyMs.Upper));
    }

    [SharedDataFact]
    public async Task Predict_AllNb201CellsInOneCall_IntervalsHoldTheValue_AndRankTheDevice()
    {
        await using var fleet = await StartAsync();
        var device = await ReplayFleet.EnrollReplayAsync(fleet, "new-cpu");
        await ReplayFleet.ReplaySignatureAsync(fleet, device, NewDeviceColumn, 10);
        await ReplayFleet.WaitForPredictorAsync(fleet, device.Id, "nb201", ModelingTimeout);
        var request = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = device.Id }, IntervalLevel = 0.8 };
        request.Targets.Add(ReplayFleet.AllCells());

        var watch = Stopwatch.StartNew();
        var response = await fleet.Predictor(TestFleet.OperatorSecret).PredictAsync(request, deadline: DateTime.UtcNow.AddMinutes(2));
        watch.Stop();
        output.WriteLine($"Predict of {request.Targets.Count} NAS-Bench-201 cells, end to end: {watch.Elapsed.TotalMilliseconds:F0} ms " +
            $"(request {request.CalculateSize() / 1024.0:F0} KiB, response {response.CalculateSize() / 1024.0:F0} KiB)");

        Assert.Equal(15_625, response.Predictions.Count);
        Assert.All(response.Predictions, p =>
        {
            Assert.True(p.LatencyMs.Lower <= p.LatencyMs.Value && p.LatencyMs.Value <= p.LatencyMs.Upper, $"{p.LatencyMs}");
            Assert.True(p.LatencyMs.Lower > 0);
            Assert.Equal(0.8, p.LatencyMs.IntervalLevel);
            Assert.Equal(Wire.Provenance.Predicted, p.LatencyMs.Provenance);
            Assert.Equal("ridge/v1", p.LatencyMs.Source);
        });
        Assert.Equal("cross-device", response.Method);
        var measured = ReplayFleet.Table.Column(NewDeviceColumn);
        var rows = Enumerable.Range(0, measured.Count).Where(r => measured[r] is > 0).ToArray();
        var index = SearchSpaces.Nb201.Enumerate().Select((a, i) => (SearchSpaces.Nb201.Format(a), i)).ToDictionary(p => p.Item1, p => p.i);
        double rho = Correlation.Spearman(
            rows.Select(r => response.Predictions[index[ReplayFleet.Table.Architectures[r]]].LatencyMs.Value).ToArray(),
            rows.Select(r => measured[r]!.Value).ToArray());
        output.WriteLine($"Spearman of predicted vs measured {NewDeviceColumn} over {rows.Length} cells: {rho:F3}");
        Assert.True(rho > 0.5, $"the adapted predictor should rank the device's cells (Spearman {rho:F3})");
    }

    [SharedDataFact]
    public async Task ReplayedDevice_WithKnownDevicesInTheFleet_GetsProxyDecisionWithItsEvidence()
    {
        await using var fleet = await StartAsync();
        await ReplayFleet.KnownDeviceAsync(fleet, "known-a", "silver_4114", ReplayFleet.Rows(300, seed: 1));
        await ReplayFleet.KnownDeviceAsync(fleet, "known-b", "pixel3", ReplayFleet.Rows(300, seed: 2));
        var device = await ReplayFleet.EnrollReplayAsync(fleet, "new-cpu");

        await ReplayFleet.ReplaySignatureAsync(fleet, device, NewDeviceColumn, 10);
        var assignment = await ReplayFleet.WaitForPredictorAsync(fleet, device.Id, "nb201", ModelingTimeout);

        Assert.Contains(assignment.Decision, new[] { "proxy-reuse", "proxy-adapt" });
        var decision = ProxyDecision.FromJson(assignment.EvidenceJson);
        Assert.Equal(assignment.Proxy, decision.Proxy);
        Assert.Contains(decision.Proxy, new[] { Known(fleet, "known-a"), Known(fleet, "known-b") });
        Assert.Equal(2, decision.Candidates.Count);
        Assert.Equal(10, decision.Measured);
        Assert.Contains(fleet.Logs.Lines, l => l.Contains($"Device {device.Id} modeled in nb201: {assignment.Decision} (proxy {decision.Proxy})"));

        var request = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = device.Id } };
        request.Targets.Add(ReplayFleet.AllCells().Take(50));
        var response = await fleet.Predictor(TestFleet.OperatorSecret).PredictAsync(request);
        Assert.Equal($"{assignment.Decision}:{decision.Proxy}", response.Method);
        Assert.All(response.Predictions, p => Assert.True(p.LatencyMs.Lower <= p.LatencyMs.Value && p.LatencyMs.Value <= p.LatencyMs.Upper));
    }

    private static string Known(TestFleet fleet, string name) =>
        fleet.Operator.ListDevices(new Wire.ListDevicesRequest()).Devices.Single(d => d.Name == name).Id;

    /// <summary>The new device's table cell of an architecture, as its replay agent reports it.</summary>
    private static LatencyObservation Replayed(string arch) =>
        new(SearchSpaces.Nb201.Parse(arch), ReplayFleet.Table[ReplayFleet.Table.IndexOf(arch), NewDeviceColumn]!.Value);

    /// <summary>
    /// The front design the server should queue after <paramref name="taken"/> front measurements on these observations:
    /// its planner with the fixture's model and, as the fixture's models folder has no accuracy model, the capacity proxy.
    /// </summary>
    private string ExpectedFront(IReadOnlyList<LatencyObservation> observed, int taken)
    {
        var planner = new FrontierMeasurements(
            models.Model!, new CapacityAccuracyProxy(SearchSpaces.Nb201), signatureCount: 1, placement: FrontPlacement.Fallbacks, frontCount: 5);
        var candidates = SpaceCandidates.Of(SearchSpaces.Nb201);
        return SearchSpaces.Nb201.Format(candidates[Assert.Single(planner.ChooseFront(candidates, observed, taken))]);
    }

    private Task<TestFleet> StartAsync() => TestFleet.StartAsync(o =>
    {
        o.ModelsDirectory = models.Directory;
        o.PredictorMethod = "ridge";
    });
}

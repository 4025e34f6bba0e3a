using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Proxy;
using EdgeOpt.Server.Tests.TestSupport;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Predictors;

/// <summary>
/// Energy goes through the proxy path as latency does: when the fleet has devices with at least 100 energy
/// measurements in the space, a new metered device's energy predictor is decided by the proxy workflow on its own
/// energy measurements, recorded (decision, proxy, evidence) beside its latency predictor and used by Predict; without
/// such devices it is learned from the device's energy alone ("device-alone").
/// </summary>
public sealed class EnergyProxyPathTests
{
    private static readonly TimeSpan ModelingTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task MeteredDevice_WithEnergyProxiesInTheFleet_GetsAnEnergyProxyDecisionWithItsEvidence_AndPredictsThroughIt()
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        // Two metered devices with 150 energy measurements each: one whose energy is the new device's scaled (same ranks),
        // one whose energy is unrelated to it (seeded random; nb201's parameters would rank like its multiply-adds).
        var rows = Enumerable.Range(0, (int)SearchSpaces.Nb201.Size!.Value).ToArray();
        new Random(5).Shuffle(rows);
        var archs = rows.Take(150).Select(r => SearchSpaces.Nb201.Format(SearchSpaces.Nb201.Enumerate().ElementAt(r))).ToArray();
        var scaled = await KnownMeteredDeviceAsync(fleet, "meter-scaled", archs, a => 2.5 * EnergyFleet.EnergyMj(a));
        var random = new Random(9);
        var unrelated = archs.ToDictionary(a => a, _ => 1 + 5 * random.NextDouble());
        await KnownMeteredDeviceAsync(fleet, "meter-unrelated", archs, a => unrelated[a]);

        var device = await EnergyFleet.MeteredDeviceAsync(fleet, "metered");
        var energy = await ReplayFleet.WaitForPredictorAsync(fleet, device.Id, "nb201", ModelingTimeout, target: "energy");

        Assert.Contains(energy.Decision, new[] { "proxy-reuse", "proxy-adapt" });
        Assert.Equal(scaled.Id, energy.Proxy);
        var decision = ProxyDecision.FromJson(energy.EvidenceJson);
        Assert.Equal((scaled.Id, 2, 10), (decision.Proxy, decision.Candidates.Count, decision.Measured));
        Assert.Equal(10, energy.Observations);
        Assert.Contains(fleet.Logs.Lines, l => l.Contains($"Device {device.Id} modeled in nb201 for energy: {energy.Decision} (proxy {scaled.Id})"));
        var latency = await ReplayFleet.WaitForPredictorAsync(fleet, device.Id, "nb201", ModelingTimeout);
        Assert.Equal("latency", latency.Target);

        var request = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = device.Id } };
        request.Metrics.Add(Wire.Metric.Energy);
        var targets = archs.Skip(100).Take(30).ToArray();
        request.Targets.Add(targets.Select(a => new Wire.PredictTarget { Design = new Wire.Design { Space = "nb201", Arch = a } }));
        var response = await fleet.Predictor(TestFleet.OperatorSecret).PredictAsync(request);
        for (int i = 0; i < targets.Length; i++)
        {
            var e = response.Predictions[i].EnergyMj;
            Assert.Contains($"proxy {scaled.Id}", e.Source);
            Assert.True(e.Lower <= e.Value && e.Value <= e.Upper, $"{targets[i]}: {e}");
            Assert.True(Math.Abs(e.Value / EnergyFleet.EnergyMj(targets[i]) - 1) < 0.1, $"{targets[i]}: predicted {e.Value:F3} mJ, true {EnergyFleet.EnergyMj(targets[i]):F3} mJ");
        }
    }

    [Fact]
    public async Task MeteredDevice_WithoutEnergyProxies_GetsADeviceAloneEnergyPredictorRecordedBesideItsLatencyOne()
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        var device = await EnergyFleet.MeteredDeviceAsync(fleet, "metered");

        var energy = await ReplayFleet.WaitForPredictorAsync(fleet, device.Id, "nb201", ModelingTimeout, target: "energy");

        Assert.Equal(("device-alone", "", "", 10), (energy.Decision, energy.Proxy, energy.EvidenceJson, energy.Observations));
        var unmetered = await OptimizerFleet.MeasuredDeviceAsync(fleet, "unmetered");
        await ReplayFleet.WaitForPredictorAsync(fleet, unmetered.Id, "nb201", ModelingTimeout);
        var listed = await fleet.Operator.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = unmetered.Id });
        Assert.DoesNotContain(listed.Predictors, p => p.Target == "energy"); // no meter: no energy predictor is invented
    }

    /// <summary>An nb201 device that reports measurements of <paramref name="archs"/> with energy, outside any job.</summary>
    private static async Task<Scenario.Registered> KnownMeteredDeviceAsync(TestFleet fleet, string name, string[] archs, Func<string, double> energyMj)
    {
        var device = await ReplayFleet.EnrollReplayAsync(fleet, name);
        var reports = archs.Select(a =>
        {
            var m = ReplayFleet.Replayed(new Wire.Design { Space = "nb201", Arch = a }, OptimizerFleet.LatencyMs(a));
            m.Energy = new Wire.EnergyStats { TotalMj = energyMj(a), Samples = 40, Meter = "rapl", Rail = "package" };
            return new Wire.MeasurementReport { Measurement = m };
        }).ToArray();
        await fleet.Agent(device.AgentToken).ReportMeasurementsAsync(Scenario.Batch($"{name}-energy", reports));
        return device;
    }
}

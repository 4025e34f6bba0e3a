using System.Text.Json.Nodes;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Datasets;

namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>
/// Energy through the whole system: an agent process reading a fake sysfs RAPL meter measures idle power before
/// each job and energy per inference during it; the server stores the figures; `measurements export --target
/// energy` writes them as mJ cells with the meter, rail and sample counts kept in the sidecar.
/// </summary>
public sealed class EnergyEndToEndTests
{
    private const int SignatureSize = 3;
    private const double IdleWatts = 4.0;
    private const double JoulesPerCpuSecond = 10.0;
    private static readonly TimeSpan FleetTimeout = TimeSpan.FromSeconds(180);

    private static readonly string[] QuickBenchmarksWithEnergy =
    [
        .. FleetSettings.QuickBenchmarks.Where(s => !s.Contains("MeasureEnergy", StringComparison.Ordinal)),
        "--EdgeOpt:Server:Benchmark:MeasureEnergy=true",
    ];

    [Fact]
    public async Task AgentWithRaplMeter_ReportsIdleTotalAndDynamicEnergy_AndTheEnergyExportHoldsTotalMillijoules()
    {
        using var temp = new TempFolder();
        await using var meter = new FakeRaplMeter(temp.Combine("sysfs"), IdleWatts, JoulesPerCpuSecond);
        await using var server = await ServerProcess.StartAsync(
            temp.Combine("data"), 0, [.. QuickBenchmarksWithEnergy, FleetSettings.SignatureSetSize(SignatureSize)]);
        var device = await FleetEndToEndTests.RegisterAsync(server, "metered");
        await using var agent = AgentProcess.Start("agent-metered", server.Address, device.Token,
            "--energy-meter", "rapl", "--sysfs-root", meter.Root);
        meter.Start(agent.Process.Id);

        var jobs = await server.SignatureDoneAsync(device.Id, FleetTimeout, () => agent.Process.Transcript);
        var stored = await server.MeasurementsAsync(device.Id);
        Assert.Equal(jobs.Select(j => j.Id).Order(), stored.Select(m => m.JobId).Order());

        foreach (var m in stored)
        {
            var e = m.Energy ?? throw new Xunit.Sdk.XunitException($"measurement of job {m.JobId} has no energy\n{agent.Process.Transcript}");
            Assert.Equal(("rapl", "package-0"), (e.Meter, e.Rail));
            // Idle power: the fake's idle watts (the agent idles between jobs; its own idle CPU is a small extra).
            Assert.InRange(e.IdlePowerW, IdleWatts * 0.9, IdleWatts * 1.5);
            // The windows rest on many samples: RAPL is read every 100 ms, the active window lasts >= 2 s.
            Assert.InRange(e.ActiveSeconds, 1.9, 30);
            Assert.True(e.Samples >= 10, $"active window read {e.Samples} times");
            Assert.True(e.IdleSamples >= 5, $"idle window read {e.IdleSamples} times");
            // The idle window's evidence: the agent's own CPU in it (its work would read as idle power) and the windows tried.
            Assert.InRange(e.IdleAttempts, 1, 3);
            Assert.InRange(e.IdleProcessCpuSeconds, 0, e.IdleSeconds);
            Assert.True(e.Inferences >= 2, $"{e.Inferences} inferences");
            // Total = all energy of the active window per inference; dynamic = total minus the idle power's share.
            var windowMj = e.TotalMj * e.Inferences;
            Assert.InRange(windowMj / (e.ActiveSeconds * 1000), IdleWatts * 0.9, IdleWatts + JoulesPerCpuSecond * 2.5);
            var idleShareMj = e.IdlePowerW * e.ActiveSeconds * 1000 / e.Inferences;
            Assert.Equal(e.TotalMj - idleShareMj, e.DynamicMj, 6);
            // Inference runs on one thread: the dynamic energy is positive (the agent works harder than while idle) and at
            // most 10 J per CPU-second times the wall time per inference (less on a loaded machine, where the agent
            // gets only part of a core), with a margin for the meter's sampling thread.
            var perInferenceSeconds = e.ActiveSeconds / e.Inferences;
            Assert.InRange(e.DynamicMj, double.Epsilon, 1.5 * JoulesPerCpuSecond * perInferenceSeconds * 1000);
        }

        string csv = temp.Combine("export", "energy.csv");
        var export = (await EdgeOptCli.AgainstAsync(server, "measurements", "export",
            "--device", "metered", "--target", "energy", "--out", csv, "--json")).Succeeded().Json;
        Assert.Equal(("energy", "mJ"), (export["target"]!.GetValue<string>(), export["unit"]!.GetValue<string>()));
        var table = MeasurementCsv.Load(csv, "nb201");
        Assert.Equal(["metered"], table.Devices);
        Assert.Equal(SignatureSize, table.MeasuredRows("metered").Length);
        foreach (var m in stored)
            Assert.Equal(m.Energy.TotalMj, table[table.IndexOf(m.Design.Arch), "metered"]);

        var sidecar = JsonNode.Parse(await File.ReadAllTextAsync(export["sidecar"]!.GetValue<string>()))!;
        Assert.Equal("mJ", sidecar["unit"]!.GetValue<string>());
        Assert.Contains("energy.total_mj", sidecar["cell"]!.GetValue<string>(), StringComparison.Ordinal);
        var energy = sidecar["measurements"]!.AsArray()[0]!["measurement"]!["energy"]!;
        Assert.Equal("rapl", energy["meter"]!.GetValue<string>());
        Assert.Equal("package-0", energy["rail"]!.GetValue<string>());

        // The dynamic figures export alike; the latency export is unchanged (ms, the median).
        string dynamicCsv = temp.Combine("export", "dynamic.csv");
        (await EdgeOptCli.AgainstAsync(server, "measurements", "export", "--device", "metered", "--target", "dynamic-energy", "--out", dynamicCsv)).Succeeded();
        var dynamic = MeasurementCsv.Load(dynamicCsv, "nb201");
        foreach (var m in stored)
            Assert.Equal(m.Energy.DynamicMj, dynamic[dynamic.IndexOf(m.Design.Arch), "metered"]);
    }

    [Fact]
    public async Task OptimizeWithEnergyBudget_OnAMeteredAgent_AnswersADesignPredictedWithinTheBudget()
    {
        using var temp = new TempFolder();
        string models = temp.Combine("models");
        OptimizeEndToEndTests.WriteUntrainedRidge(models);
        await using var meter = new FakeRaplMeter(temp.Combine("sysfs"), IdleWatts, JoulesPerCpuSecond);
        await using var server = await ServerProcess.StartAsync(
            temp.Combine("data"), 0, [.. QuickBenchmarksWithEnergy, FleetSettings.SignatureSetSize(SignatureSize), $"--EdgeOpt:Server:ModelsDirectory={models}"]);
        var device = await FleetEndToEndTests.RegisterAsync(server, "metered");
        await using var agent = AgentProcess.Start("agent-metered", server.Address, device.Token,
            "--energy-meter", "rapl", "--sysfs-root", meter.Root);
        meter.Start(agent.Process.Id);
        await server.SignatureDoneAsync(device.Id, FleetTimeout, () => agent.Process.Transcript);
        // The most a measured design took: the measured designs fit it, so the budget can be met.
        double budget = Math.Round((await server.MeasurementsAsync(device.Id)).Max(m => m.Energy!.TotalMj) * 1.01, 3);

        string json = temp.Combine("out", "answer.json");
        var run = (await EdgeOptCli.AgainstAsync(server, "optimize", "--device", "metered", "--latency-ms", "100000",
            "--energy-mj", budget.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", json, "--timeout", "120")).Succeeded();

        Assert.Contains("energy mJ", run.Stdout);
        var energy = JsonNode.Parse(await File.ReadAllTextAsync(json))!["designs"]![0]!["energyMj"]!;
        Assert.Equal("PROVENANCE_PREDICTED", energy["provenance"]!.GetValue<string>());
        Assert.True(energy["value"]!.GetValue<double>() <= budget, $"{energy} against {budget} mJ\n{run.Stdout}");
        Assert.Contains("energy measurement", energy["source"]!.GetValue<string>());
    }
}

using System.Text.Json.Nodes;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Datasets;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>
/// The fleet as a user runs it: `edgeopt serve`, devices registered with `edgeopt device register`, one agent
/// measuring with ONNX Runtime on this machine and two replaying recorded columns, each a separate process; the
/// export then holds exactly what each agent reported; a measuring agent goes on to the device's front measurements.
/// </summary>
public sealed class FleetEndToEndTests
{
    private const int SignatureSize = 10;
    private static readonly TimeSpan FleetTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ThreeAgents_CompleteTheirSignatureJobs_AndTheExportHoldsWhatEachMeasuredOrReplayed()
    {
        using var temp = new TempFolder();
        string recordingPath = temp.Combine("recording.csv");
        var recording = ReplayRecording.WriteNb201(recordingPath, seed: 7, "replay_a", "replay_b");
        await using var server = await ServerProcess.StartAsync(
            temp.Combine("data"), 0, [.. FleetSettings.QuickBenchmarks, FleetSettings.SignatureSetSize(SignatureSize), FleetSettings.NoFrontMeasurements]);

        var measured = await RegisterAsync(server, "measured");
        var replayA = await RegisterAsync(server, "replay_a");
        var replayB = await RegisterAsync(server, "replay_b");

        await using var measuring = AgentProcess.Start("agent-measured", server.Address, measured.Token, "--energy-meter", "none");
        await using var replayingA = AgentProcess.Start("agent-replay-a", server.Address, replayA.Token,
            "--replay", recordingPath, "--device", "replay_a", "--space", "nb201");
        await using var replayingB = AgentProcess.Start("agent-replay-b", server.Address, replayB.Token,
            "--replay", recordingPath, "--device", "replay_b", "--space", "nb201");
        string Logs() => string.Join("\n\n", new[] { measuring, replayingA, replayingB }.Select(a => a.Process.Transcript));

        var jobs = new Dictionary<string, List<Wire.Job>>();
        foreach (var device in new[] { measured, replayA, replayB })
            jobs[device.Id] = await server.SignatureDoneAsync(device.Id, FleetTimeout, Logs);

        string csv = temp.Combine("export", "fleet.csv");
        var export = (await EdgeOptCli.AgainstAsync(server, "measurements", "export",
            "--device", "measured", "--device", replayA.Id, "--device", "replay_b", "--out", csv, "--json")).Succeeded().Json;
        var table = MeasurementCsv.Load(csv, "nb201");
        var sidecar = JsonNode.Parse(await File.ReadAllTextAsync(export["sidecar"]!.GetValue<string>()))!;

        Assert.Equal(["measured", "replay_a", "replay_b"], table.Devices);
        Assert.Equal(3 * SignatureSize, export["cells"]!.GetValue<int>());

        // Measured: every cell is the median the agent logged for that job, and the agent reported each job once.
        var reported = measuring.Reported();
        Assert.Equal(jobs[measured.Id].Select(j => j.Id).Order(), reported.Select(r => r.JobId).Order());
        Assert.All(reported, r => Assert.Equal((1, 0, "Measured"), (r.Accepted, r.Duplicates, r.Provenance)));
        foreach (var job in jobs[measured.Id])
        {
            var log = reported.Single(r => r.JobId == job.Id);
            Assert.Equal(log.MedianMs, table[table.IndexOf(job.Design.Arch), "measured"]);
        }

        // Replayed: every cell is the recording's cell, to the last bit.
        foreach (var (device, column) in new[] { (replayA, "replay_a"), (replayB, "replay_b") })
        {
            foreach (var job in jobs[device.Id])
                Assert.Equal(recording[recording.IndexOf(job.Design.Arch), column], table[table.IndexOf(job.Design.Arch), column]);
            Assert.Equal(SignatureSize, table.MeasuredRows(column).Length);
        }

        // The store holds one measurement per signature job, tied to its job, with the provenance the agent gave.
        foreach (var (device, provenance) in new[] { (measured, Wire.Provenance.Measured), (replayA, Wire.Provenance.Replayed), (replayB, Wire.Provenance.Replayed) })
        {
            var stored = await server.MeasurementsAsync(device.Id);
            Assert.Equal(jobs[device.Id].Select(j => j.Id).Order(), stored.Select(m => m.JobId).Order());
            Assert.All(stored, m => Assert.Equal(provenance, m.Provenance));
        }

        // The sidecar keeps each measurement's provenance, which the CSV cannot.
        var entries = sidecar["measurements"]!.AsArray();
        Assert.Equal(3 * SignatureSize, entries.Count);
        Assert.All(entries, e => Assert.True(e!["inCsv"]!.GetValue<bool>()));
        Assert.Equal(SignatureSize, entries.Count(e => e!["column"]!.GetValue<string>() == "measured" && e["provenance"]!.GetValue<string>() == "measured"));
        Assert.Equal(2 * SignatureSize, entries.Count(e => e!["provenance"]!.GetValue<string>() == "replayed"));

        // The devices now feature nb201 (their signature sets are measured).
        var devices = (await EdgeOptCli.AgainstAsync(server, "device", "list", "--json")).Succeeded().Json["devices"]!.AsArray();
        Assert.All(devices, d => Assert.Contains("nb201", d!["featuredSpaces"]!.AsArray().Select(s => s!.GetValue<string>())));
    }

    [SharedDataFact]
    public async Task ReplayAgents_OverTheSharedLatencyColumns_StoreTheRecordedCellsExactly()
    {
        string recordingPath = SharedData.PathOf("nb201/latency.csv");
        var recording = MeasurementCsv.Load(recordingPath, "nb201");
        using var temp = new TempFolder();
        await using var server = await ServerProcess.StartAsync(
            temp.Combine("data"), 0, FleetSettings.SignatureSetSize(SignatureSize), FleetSettings.NoFrontMeasurements);

        var devices = new[] { "pixel3", "gold_6240" };
        var agents = new List<AgentProcess>();
        var registered = new List<Registered>();
        try
        {
            foreach (var column in devices)
            {
                var device = await RegisterAsync(server, column);
                registered.Add(device);
                agents.Add(AgentProcess.Start($"agent-{column}", server.Address, device.Token, "--replay", recordingPath, "--device", column));
            }
            string csv = temp.Combine("shared.csv");
            foreach (var device in registered)
                await server.SignatureDoneAsync(device.Id, FleetTimeout, () => string.Join("\n", agents.Select(a => a.Process.Transcript)));
            (await EdgeOptCli.AgainstAsync(server, ["measurements", "export", .. devices.SelectMany(d => new[] { "--device", d }), "--out", csv])).Succeeded();
            var table = MeasurementCsv.Load(csv, "nb201");

            foreach (var (device, column) in registered.Zip(devices))
            {
                var jobs = await server.JobsAsync(device.Id);
                Assert.Equal(SignatureSize, jobs.Count);
                foreach (var job in jobs)
                    Assert.Equal(recording[recording.IndexOf(job.Design.Arch), column], table[table.IndexOf(job.Design.Arch), column]);
            }
        }
        finally
        {
            foreach (var agent in agents) await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task AMeasuringAgent_AfterItsSignatureSet_MeasuresFiveFrontDesigns_AndTheDevicePredictorTakesThemIn()
    {
        using var temp = new TempFolder();
        await using var server = await ServerProcess.StartAsync(
            temp.Combine("data"), 0, [.. FleetSettings.QuickBenchmarks, FleetSettings.SignatureSetSize(SignatureSize)]);
        var device = await RegisterAsync(server, "measured");
        await using var agent = AgentProcess.Start("agent-measured", server.Address, device.Token, "--energy-meter", "none");

        var jobs = await Poll.UntilAsync(
            () => server.JobsAsync(device.Id),
            all => all.Count(j => j.Purpose == Wire.JobPurpose.Adaptation && j.State == Wire.JobState.Done) == 5,
            FleetTimeout,
            all => $"{string.Join(", ", all.GroupBy(j => (j.Purpose, j.State)).Select(g => $"{g.Count()} {g.Key}"))}\n{agent.Process.Transcript}");

        var signature = jobs.Where(j => j.Purpose == Wire.JobPurpose.Signature).Select(j => j.Design.Arch).ToHashSet();
        var front = jobs.Where(j => j.Purpose == Wire.JobPurpose.Adaptation).ToList();
        Assert.Equal(SignatureSize, signature.Count);
        Assert.Equal(5, front.Select(j => j.Design.Arch).Distinct().Count());
        Assert.DoesNotContain(front, j => signature.Contains(j.Design.Arch));
        var stored = await server.MeasurementsAsync(device.Id);
        Assert.All(front, j => Assert.Equal(Wire.Provenance.Measured, Assert.Single(stored, m => m.JobId == j.Id).Provenance));
        await Poll.UntilAsync(
            () => server.Fleet.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = device.Id }).ResponseAsync,
            d => d.Predictors.Any(p => p.Space == "nb201" && p.Observations == SignatureSize + 5),
            FleetTimeout,
            d => string.Join(", ", d.Predictors.Select(p => $"{p.Space}/{p.Target}: {p.Observations}")));
        // The operator sees them as the device's adaptation jobs.
        var shown = (await EdgeOptCli.AgainstAsync(server, "device", "show", "measured", "--json")).Succeeded().Json;
        Assert.Equal(5, shown["jobsByPurpose"]!["adaptation"]!["done"]!.GetValue<int>());
    }

    public sealed record Registered(string Id, string Token);

    /// <summary>Registers with the CLI verb, as an operator would, and takes the id and token from its JSON.</summary>
    public static async Task<Registered> RegisterAsync(ServerProcess server, string name)
    {
        var json = (await EdgeOptCli.AgainstAsync(server, "device", "register", "--name", name, "--json")).Succeeded().Json;
        return new Registered(json["device"]!["id"]!.GetValue<string>(), json["agentToken"]!.GetValue<string>());
    }
}

using System.Text.Json.Nodes;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Datasets;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>
/// The fleet as a user runs it: `edgeopt serve`, devices registered with `edgeopt device register`, one agent
/// measuring with ONNX Runtime on this machine and two replaying recorded columns, each a separate process; the
/// export then holds exactly what each agent reported.
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
            temp.Combine("data"), 0, [.. FleetSettings.QuickBenchmarks, FleetSettings.SignatureSetSize(SignatureSize)]);

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
        await using var server = await ServerProcess.StartAsync(temp.Combine("data"), 0, FleetSettings.SignatureSetSize(SignatureSize));

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

    public sealed record Registered(string Id, string Token);

    /// <summary>Registers with the CLI verb, as an operator would, and takes the id and token from its JSON.</summary>
    public static async Task<Registered> RegisterAsync(ServerProcess server, string name)
    {
        var json = (await EdgeOptCli.AgainstAsync(server, "device", "register", "--name", name, "--json")).Succeeded().Json;
        return new Registered(json["device"]!["id"]!.GetValue<string>(), json["agentToken"]!.GetValue<string>());
    }
}

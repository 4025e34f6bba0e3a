using EdgeOpt.Cli.Tests.Support;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>An agent process killed in the middle of a job: the job is neither lost nor measured twice.</summary>
public sealed class AgentCrashTests
{
    private const int SignatureSize = 4;

    [Fact]
    public async Task AgentKilledMidJob_TheLeaseRunsOut_AndTheRestartedAgentCompletesTheJobExactlyOnce()
    {
        using var temp = new TempFolder();
        string recordingPath = temp.Combine("recording.csv");
        var recording = ReplayRecording.WriteNb201(recordingPath, seed: 11, "replay_a");
        await using var server = await ServerProcess.StartAsync(
            temp.Combine("data"), 0, [.. FleetSettings.ShortLeases, FleetSettings.SignatureSetSize(SignatureSize)]);
        var device = await FleetEndToEndTests.RegisterAsync(server, "crashy");
        string[] replay = ["--replay", recordingPath, "--device", "replay_a", "--space", "nb201"];

        // A slow answer keeps the first job in flight long after the agent says it started it.
        string inFlight;
        await using (var first = AgentProcess.Start("agent-crashy-1", server.Address, device.Token, [.. replay, "--replay-delay-ms", "5000"]))
        {
            inFlight = await first.WaitForStartedJobAsync(TimeSpan.FromSeconds(60));
            await first.KillAsync();
            Assert.Empty(first.Reported());
        }
        var atKill = (await server.JobsAsync(device.Id)).Single(j => j.Id == inFlight);
        Assert.Equal(Wire.JobState.Leased, atKill.State);
        Assert.Empty(await server.MeasurementsAsync(device.Id));

        // Nobody heartbeats for it any more: the lease runs out and the job goes back to the queue.
        await Poll.UntilAsync(
            () => server.JobsAsync(device.Id),
            jobs => jobs.Single(j => j.Id == inFlight).State == Wire.JobState.Queued,
            TimeSpan.FromSeconds(60),
            jobs => jobs.Single(j => j.Id == inFlight).ToString());

        await using var second = AgentProcess.Start("agent-crashy-2", server.Address, device.Token, [.. replay, "--replay-delay-ms", "50"]);
        var done = await server.SignatureDoneAsync(device.Id, TimeSpan.FromSeconds(90), () => second.Process.Transcript);

        var stored = await server.MeasurementsAsync(device.Id);
        Assert.Equal(SignatureSize, done.Count);
        Assert.Equal(done.Select(j => j.Id).Order(), stored.Select(m => m.JobId).Order()); // one each: none lost, none twice
        // Attempts counts the attempts that ended without a result: the killed one.
        Assert.True(done.Single(j => j.Id == inFlight).Attempts >= 1, $"the killed attempt is not counted: {done.Single(j => j.Id == inFlight)}");
        Assert.Contains(second.Reported(), r => r.JobId == inFlight && r.Accepted == 1);
        foreach (var m in stored)
            Assert.Equal(recording[recording.IndexOf(m.Design.Arch), "replay_a"], m.Latency.MedianMs);
    }
}

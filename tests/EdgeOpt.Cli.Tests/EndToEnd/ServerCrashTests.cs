using System.Collections.Concurrent;
using EdgeOpt.Cli.Tests.Support;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>
/// The server process SIGKILLed while agents report: after a restart on the same data folder, every report it
/// acknowledged is there, and a batch retried with its idempotency key is applied once.
/// </summary>
public sealed class ServerCrashTests
{
    private const int BatchSize = 5;
    private const int AcknowledgedBeforeKill = 30;

    [Fact]
    public async Task ServerKilledWhileAgentsReport_KeepsEveryAcknowledgedMeasurement_AndRetriedBatchesApplyOnce()
    {
        using var temp = new TempFolder();
        string dataDirectory = temp.Combine("data");
        string recordingPath = temp.Combine("recording.csv");
        ReplayRecording.WriteNb201(recordingPath, seed: 5, "replay_a");
        int port = FreePort.Next();
        string[] settings = [FleetSettings.SignatureSetSize(10), .. FleetSettings.ShortLeases];

        var server = await ServerProcess.StartAsync(dataDirectory, port, settings);
        List<Reporter> reporters;
        AgentProcess agent;
        IReadOnlyList<ReportedJob> agentAcknowledged;
        string agentDeviceId;
        try
        {
            // Two test-side agents report ad-hoc batches as fast as they are answered; a real agent works through its jobs.
            reporters = [];
            foreach (var name in new[] { "reporter-1", "reporter-2" })
            {
                var registered = await server.RegisterAsync(name);
                await server.Agent(registered.AgentToken).EnrollAsync(new Wire.EnrollRequest { Mode = "replay", AgentVersion = "test" });
                reporters.Add(new Reporter(name, registered.Device.Id, registered.AgentToken));
            }
            var agentDevice = await server.RegisterAsync("replaying");
            agentDeviceId = agentDevice.Device.Id;
            agent = AgentProcess.Start("agent-replaying", server.Address, agentDevice.AgentToken,
                "--replay", recordingPath, "--device", "replay_a", "--replay-delay-ms", "150");

            using var stop = new CancellationTokenSource();
            var loops = reporters.Select(r => r.RunAsync(server, stop.Token)).ToList();
            await Poll.UntilAsync(
                () => Task.FromResult(reporters.Sum(r => r.Acknowledged.Count)),
                n => n >= AcknowledgedBeforeKill && agent.Reported().Count >= 1,
                TimeSpan.FromSeconds(60),
                n => $"{n} batches acknowledged; agent: {agent.Process.Transcript}",
                TimeSpan.FromMilliseconds(20));

            await server.KillAsync(); // SIGKILL while the reporters and the agent keep calling
            agentAcknowledged = agent.Reported();
            await Task.Delay(300);
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
        finally
        {
            await server.DisposeAsync();
        }

        await using var restarted = await ServerProcess.StartAsync(dataDirectory, port, settings);
        await using (agent)
        {
            // Everything acknowledged before the kill is in the store, once.
            foreach (var reporter in reporters)
            {
                var stored = (await restarted.MeasurementsAsync(reporter.DeviceId)).Select(m => m.Context.Machine).ToList();
                Assert.Equal(stored.Count, stored.Distinct().Count());
                var missing = reporter.Acknowledged.SelectMany(Reporter.LabelsOf).Except(stored).ToList();
                Assert.True(missing.Count == 0, $"{reporter.Name}: acknowledged but lost: {string.Join(", ", missing)}");
            }
            var agentStored = await restarted.MeasurementsAsync(agentDeviceId);
            Assert.Subset(agentStored.Select(m => m.JobId).ToHashSet(), agentAcknowledged.Select(r => r.JobId).ToHashSet());

            // Batches whose answer was lost in the crash are sent again with the same key: applied once, whether or not
            // the first try had been.
            foreach (var reporter in reporters)
            {
                var client = restarted.Agent(reporter.Token);
                foreach (var batch in reporter.Unanswered)
                    await client.ReportMeasurementsAsync(Reporter.Batch(reporter.Name, batch));
                var stored = (await restarted.MeasurementsAsync(reporter.DeviceId)).Select(m => m.Context.Machine).ToList();
                var sent = reporter.Acknowledged.Concat(reporter.Unanswered).SelectMany(Reporter.LabelsOf).ToList();
                Assert.Equal(sent.Order(), stored.Order());
            }

            // The real agent reconnects by itself and finishes its signature set, one measurement per job.
            var jobs = await restarted.SignatureDoneAsync(agentDeviceId, TimeSpan.FromSeconds(90), () => agent.Process.Transcript);
            var measurements = await restarted.MeasurementsAsync(agentDeviceId);
            Assert.Equal(jobs.Select(j => j.Id).Order(), measurements.Select(m => m.JobId).Order());
        }
    }

    /// <summary>A test-side agent reporting numbered ad-hoc batches; it records which were acknowledged and which got no answer.</summary>
    private sealed class Reporter(string name, string deviceId, string token)
    {
        public string Name { get; } = name;
        public string DeviceId { get; } = deviceId;
        public string Token { get; } = token;
        public ConcurrentBag<int> Acknowledged { get; } = [];
        public ConcurrentBag<int> Unanswered { get; } = [];

        public async Task RunAsync(ServerProcess server, CancellationToken stop)
        {
            var client = server.Agent(Token);
            for (int batch = 0; !stop.IsCancellationRequested; batch++)
            {
                try
                {
                    var response = await client.ReportMeasurementsAsync(Batch(Name, batch), deadline: DateTime.UtcNow.AddSeconds(10));
                    Assert.Equal(BatchSize, response.Accepted);
                    Acknowledged.Add(batch);
                }
                catch (RpcException)
                {
                    // Sent, but no acknowledgement: it may or may not have been applied.
                    Unanswered.Add(batch);
                    try
                    {
                        await Task.Delay(50, stop);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
        }

        public static IEnumerable<string> LabelsOf(int batch) => Enumerable.Range(0, BatchSize).Select(i => $"b{batch}-m{i}");

        public static Wire.ReportMeasurementsRequest Batch(string reporter, int batch)
        {
            var request = new Wire.ReportMeasurementsRequest { IdempotencyKey = $"{reporter}-batch-{batch}" };
            foreach (var (label, i) in LabelsOf(batch).Select((l, i) => (l, i)))
            {
                request.Reports.Add(new Wire.MeasurementReport
                {
                    Measurement = new Wire.Measurement
                    {
                        Design = new Wire.Design { Space = "nb201", Arch = EdgeOpt.Core.Spaces.SearchSpaces.Nb201.Format(EdgeOpt.Core.Spaces.SearchSpaces.Nb201.At((batch * BatchSize + i) % 15625)) },
                        Latency = new Wire.LatencyStats { MedianMs = 1 + batch + i / 10.0, Runs = 1 },
                        Provenance = Wire.Provenance.Replayed,
                        Context = new Wire.MeasurementContext { Machine = label },
                    },
                });
            }
            return request;
        }
    }
}

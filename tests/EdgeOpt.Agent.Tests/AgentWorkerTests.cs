using System.Diagnostics;
using EdgeOpt.Agent.Hardware;
using EdgeOpt.Agent.Jobs;
using EdgeOpt.Agent.Tests.Support;
using EdgeOpt.Agent.Transport;
using EdgeOpt.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace EdgeOpt.Agent.Tests;

/// <summary>The agent against an in-process gRPC server: enroll, job stream, reports, heartbeats, reconnects, shutdown.</summary>
public sealed class AgentWorkerTests(ITestOutputHelper output) : IDisposable
{
    private const string Recorded = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
    private const string Other = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
    private const string Absent = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    private readonly TempTree _tree = new();
    private readonly ListLogger _logger = new(output);

    private ReplayJobExecutor Replay(TimeSpan delay = default)
    {
        var csv = _tree.Write("recording.csv", $"arch,pixel3\n{Recorded},17.25\n{Other},3.5\n");
        return ReplayJobExecutor.Load(csv, "nb201", "pixel3", delay);
    }

    private static AgentOptions Options(Uri server, string token = "secret") => new()
    {
        Server = server.ToString(),
        Token = token,
        RpcTimeoutSeconds = 5,
        BackoffInitialSeconds = 0.05,
        BackoffMaxSeconds = 0.2,
        ShutdownGraceSeconds = 5,
        HeartbeatSeconds = 0.2,
    };

    /// <summary>Runs an agent against the server until the test stops it; returns its exit-code task.</summary>
    private (Task<int> Run, CancellationTokenSource Stop, AgentConnection Connection, AgentWorker Worker) StartAgent(
        FakeAgentServer server, IJobExecutor executor, AgentOptions? options = null)
    {
        options ??= Options(server.Address);
        var connection = AgentConnection.Open(server.Address, options.Token!);
        var worker = new AgentWorker(connection.Client, executor, HardwareDescription.ForReplay("recording.csv", "pixel3", "nb201"), options, _logger);
        var stop = new CancellationTokenSource();
        return (Task.Run(() => worker.RunAsync(stop.Token)), stop, connection, worker);
    }

    private static async Task Eventually(Func<bool> condition, string what, double seconds = 15)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds)) throw new TimeoutException($"not within {seconds} s: {what}");
            await Task.Delay(20);
        }
    }

    private static async Task<int> Finish(Task<int> run, CancellationTokenSource stop, AgentConnection connection)
    {
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(15));
        connection.Dispose();
        stop.Dispose();
        return exitCode;
    }

    [Fact]
    public async Task Run_EnrollTakeJobReport_WithTheBearerTokenOnEveryCall()
    {
        await using var server = await FakeAgentServer.StartAsync(new FakeAgentService());
        server.Service.Queue("job-1", Recorded, attempts: 2);
        var (run, stop, connection, _) = StartAgent(server, Replay());

        await Eventually(() => !server.Service.Reports.IsEmpty, "a measurement report");
        var exitCode = await Finish(run, stop, connection);

        Assert.Equal(0, exitCode);
        var enrollment = Assert.Single(server.Service.Enrollments);
        Assert.Equal("replay", enrollment.Mode);
        Assert.Equal("pixel3", enrollment.Description.Labels["replay.device"]);
        var report = Assert.Single(server.Service.Reports);
        Assert.Equal("dev-1/job-1/2", report.IdempotencyKey);
        var m = Assert.Single(report.Reports).Measurement;
        Assert.Equal(("job-1", "dev-1", 17.25, Provenance.Replayed), (m.JobId, m.DeviceId, m.Latency.MedianMs, m.Provenance));
        Assert.True(server.Service.Authorizations.Count >= 3);
        Assert.All(server.Service.Authorizations, header => Assert.Equal("Bearer secret", header));
    }

    [Fact]
    public async Task Run_StreamDropped_ReconnectsWithBackoffAndRunsTheNextJob()
    {
        await using var server = await FakeAgentServer.StartAsync(new FakeAgentService { StreamsToDrop = 1 });
        server.Service.Queue("job-a", Recorded);
        server.Service.Queue("job-b", Other);
        var (run, stop, connection, _) = StartAgent(server, Replay());

        await Eventually(() => server.Service.Reports.Count >= 2, "reports of both jobs");
        await Finish(run, stop, connection);

        Assert.True(server.Service.StreamsOpened >= 2);
        Assert.Equal(["job-a", "job-b"], server.Service.Reports.Select(r => r.Reports[0].JobId).Order());
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Job stream lost") && e.Message.Contains("reconnecting in"));
    }

    [Fact]
    public async Task Run_ReportFailsTransiently_RetriesWithTheSameIdempotencyKeyAndIsAppliedOnce()
    {
        await using var server = await FakeAgentServer.StartAsync(new FakeAgentService { ReportsToFail = 2 });
        server.Service.Queue("job-1", Recorded, attempts: 1);
        var (run, stop, connection, _) = StartAgent(server, Replay());

        await Eventually(() => server.Service.Reports.Count >= 3, "three report calls");
        await Finish(run, stop, connection);

        Assert.Equal(3, server.Service.Reports.Count);
        Assert.Single(server.Service.Reports.Select(r => r.IdempotencyKey).Distinct());
        Assert.Single(server.Service.AppliedReports);
        Assert.Equal(2, _logger.Entries.Count(e => e.Message.StartsWith("ReportMeasurements failed (Unavailable", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Run_ArchitectureWithoutRecording_ReportsANonRetryableFailureWithTheReason()
    {
        await using var server = await FakeAgentServer.StartAsync(new FakeAgentService());
        server.Service.Queue("job-x", Absent);
        var (run, stop, connection, _) = StartAgent(server, Replay());

        await Eventually(() => !server.Service.Failures.IsEmpty, "a failure report");
        await Finish(run, stop, connection);

        var failure = Assert.Single(server.Service.Failures);
        Assert.Equal("job-x", failure.JobId);
        Assert.False(failure.Retryable);
        Assert.Contains(Absent, failure.Reason);
        Assert.Empty(server.Service.Reports);
    }

    [Fact]
    public async Task Run_HeartbeatsListTheRunningJob()
    {
        await using var server = await FakeAgentServer.StartAsync(new FakeAgentService());
        server.Service.Queue("job-slow", Recorded);
        var (run, stop, connection, _) = StartAgent(server, Replay(delay: TimeSpan.FromSeconds(1.5)));

        await Eventually(() => server.Service.Heartbeats.Any(h => h.RunningJobIds.Contains("job-slow")), "a heartbeat naming the running job");
        await Eventually(() => !server.Service.Reports.IsEmpty, "the report after the delay");
        await Finish(run, stop, connection);
    }

    [Fact]
    public async Task Run_StoppedDuringAJob_AbandonsItAfterTheGraceAndHandsItBackAsRetryable()
    {
        await using var server = await FakeAgentServer.StartAsync(new FakeAgentService());
        server.Service.Queue("job-long", Recorded);
        var options = Options(server.Address);
        options.ShutdownGraceSeconds = 0.3;
        var (run, stop, connection, worker) = StartAgent(server, Replay(delay: TimeSpan.FromSeconds(60)), options);

        await Eventually(() => worker.RunningJobIds.Contains("job-long"), "the job to start");
        var clock = Stopwatch.StartNew();
        var exitCode = await Finish(run, stop, connection);

        Assert.Equal(0, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {clock.Elapsed}");
        var failure = Assert.Single(server.Service.Failures);
        Assert.Equal(("job-long", true), (failure.JobId, failure.Retryable));
        Assert.Contains("stopped", failure.Reason);
    }

    [Fact]
    public async Task Run_TokenRejected_StopsWithExitCode3()
    {
        await using var server = await FakeAgentServer.StartAsync(new FakeAgentService());
        var (run, stop, connection, _) = StartAgent(server, Replay(), Options(server.Address, token: "revoked"));

        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(15));
        connection.Dispose();
        stop.Dispose();

        Assert.Equal(AgentWorker.RejectedExitCode, exitCode);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Critical && e.Message.Contains("Unauthenticated"));
    }

    [Fact]
    public async Task Run_ServerDownAtFirst_KeepsTryingToEnrollUntilItIsUp()
    {
        // Take a free port, then start the server on it only after the agent has failed a few times.
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var address = new Uri($"http://127.0.0.1:{port}");
        var options = Options(address);
        using var connection = AgentConnection.Open(address, "secret");
        var worker = new AgentWorker(connection.Client, Replay(), new DeviceDescription(), options, _logger);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => worker.RunAsync(stop.Token));

        await Eventually(() => _logger.Entries.Count(e => e.Message.StartsWith("Enroll failed", StringComparison.Ordinal)) >= 2, "failed enrollments");
        await using var server = await FakeAgentServer.StartOnPortAsync(new FakeAgentService(), port);
        await Eventually(() => worker.DeviceId == FakeAgentService.DeviceId, "enrollment once the server is up");
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    public void Dispose() => _tree.Dispose();
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using EdgeOpt.Contracts.V1;
using Grpc.Core;
using AgentBase = EdgeOpt.Contracts.V1.Agent.AgentBase;

namespace EdgeOpt.Agent.Tests.Support;

/// <summary>
/// A minimal in-process stand-in for the server's Agent service: it checks the bearer token, hands out the jobs
/// a test queues, can drop the first job streams or fail the first reports, and records every call.
/// </summary>
public sealed class FakeAgentService : AgentBase
{
    public const string DeviceId = "dev-1";

    private int _streamsOpened;
    private int _reportCalls;
    private readonly ConcurrentDictionary<string, byte> _appliedKeys = new();

    public string ExpectedToken { get; init; } = "secret";

    /// <summary>Streams (1-based) up to this number deliver one job and then drop the connection.</summary>
    public int StreamsToDrop { get; init; }

    /// <summary>The first this many ReportMeasurements calls fail with Unavailable after being recorded.</summary>
    public int ReportsToFail { get; init; }

    public Channel<Job> Jobs { get; } = Channel.CreateUnbounded<Job>();

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public ConcurrentQueue<EnrollRequest> Enrollments { get; } = new();

    public ConcurrentQueue<ReportMeasurementsRequest> Reports { get; } = new();

    public ConcurrentQueue<ReportJobFailureRequest> Failures { get; } = new();

    public ConcurrentQueue<HeartbeatRequest> Heartbeats { get; } = new();

    public int StreamsOpened => Volatile.Read(ref _streamsOpened);

    public IEnumerable<ReportMeasurementsRequest> AppliedReports => Reports.DistinctBy(r => r.IdempotencyKey);

    public Job Queue(string jobId, string arch, int attempts = 1)
    {
        var job = new Job
        {
            Id = jobId,
            DeviceId = DeviceId,
            Attempts = attempts,
            State = JobState.Leased,
            Purpose = JobPurpose.Signature,
            Design = new Design { Space = "nb201", Arch = arch },
            Settings = new BenchmarkSettings { WarmupRuns = 1, MinRuns = 2, MaxRuns = 3 },
        };
        Jobs.Writer.TryWrite(job);
        return job;
    }

    private void Authorize(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization") ?? "";
        Authorizations.Enqueue(header);
        if (header != $"Bearer {ExpectedToken}")
            throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown or revoked agent token"));
    }

    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        Authorize(context);
        Enrollments.Enqueue(request);
        return Task.FromResult(new EnrollResponse
        {
            Device = new Device { Id = DeviceId, Name = "test-device", State = DeviceState.Enrolled },
            HeartbeatSeconds = 1,
            MaxBatch = 16,
        });
    }

    public override async Task TakeJobs(TakeJobsRequest request, IServerStreamWriter<Job> responseStream, ServerCallContext context)
    {
        Authorize(context);
        var number = Interlocked.Increment(ref _streamsOpened);
        if (number <= StreamsToDrop)
        {
            var job = await Jobs.Reader.ReadAsync(context.CancellationToken);
            await responseStream.WriteAsync(job, context.CancellationToken);
            await Task.Delay(50, context.CancellationToken);
            context.GetHttpContext().Abort(); // the connection breaks under the agent's feet
            return;
        }
        await foreach (var job in Jobs.Reader.ReadAllAsync(context.CancellationToken))
            await responseStream.WriteAsync(job, context.CancellationToken);
    }

    public override Task<ReportMeasurementsResponse> ReportMeasurements(ReportMeasurementsRequest request, ServerCallContext context)
    {
        Authorize(context);
        Reports.Enqueue(request);
        if (Interlocked.Increment(ref _reportCalls) <= ReportsToFail)
            throw new RpcException(new Status(StatusCode.Unavailable, "the store is busy, try again"));
        var fresh = _appliedKeys.TryAdd(request.IdempotencyKey, 0);
        return Task.FromResult(new ReportMeasurementsResponse { Accepted = fresh ? request.Reports.Count : 0, Duplicates = fresh ? 0 : request.Reports.Count });
    }

    public override Task<ReportJobFailureResponse> ReportJobFailure(ReportJobFailureRequest request, ServerCallContext context)
    {
        Authorize(context);
        Failures.Enqueue(request);
        return Task.FromResult(new ReportJobFailureResponse { State = request.Retryable ? JobState.Queued : JobState.Failed });
    }

    public override Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        Authorize(context);
        Heartbeats.Enqueue(request);
        return Task.FromResult(new HeartbeatResponse { ServerUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
    }
}

using EdgeOpt.Server.Auth;
using EdgeOpt.Server.Fleet;
using EdgeOpt.Server.Services.Mapping;
using EdgeOpt.Server.Jobs;
using EdgeOpt.Server.Optimization;
using EdgeOpt.Server.Predictors;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services;

/// <summary>Agent RPCs; the caller's device comes from its token, never from the request.</summary>
public sealed class AgentService(
    DeviceRegistry devices,
    IJobScheduler scheduler,
    MeasurementIngest ingest,
    AgentPresence presence,
    DeviceModelingQueue modeling,
    IOptions<ServerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<AgentService> logger) : Wire.Agent.AgentBase
{
    /// <summary>A stream re-checks its queue at least this often even without a signal (a safety net, not polling).</summary>
    internal static readonly TimeSpan StreamRecheck = TimeSpan.FromSeconds(30);

    public override Task<Wire.EnrollResponse> Enroll(Wire.EnrollRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        string deviceId = context.GetCaller().RequireAgentDevice();
        var profile = DeviceMapping.ToDomain(request.Description, "description");
        var device = devices.Enroll(deviceId, profile, request.AgentVersion, request.Mode);
        return Task.FromResult(new Wire.EnrollResponse
        {
            Device = DeviceMapping.ToProto(device),
            HeartbeatSeconds = options.Value.HeartbeatSeconds,
            MaxBatch = options.Value.MaxReportsPerBatch,
        });
    }

    /// <summary>
    /// Leases queued jobs of the caller's device onto the stream and keeps it open, woken by job changes. The stream
    /// ends (OK) when the server shuts down or the device is retired; the agent then reconnects or stops.
    /// </summary>
    public override async Task TakeJobs(Wire.TakeJobsRequest request, IServerStreamWriter<Wire.Job> responseStream, ServerCallContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var ct = linked.Token;
        string deviceId = context.GetCaller().RequireAgentDevice();
        int max = options.Value.MaxConcurrency;
        if (request.Concurrency < 0 || request.Concurrency > max)
            throw Domain.FleetException.Invalid($"concurrency is {request.Concurrency}; allowed: 1..{max} (0 means 1)");
        int concurrency = Math.Max(1, request.Concurrency);
        devices.RequireEnrolled(deviceId);
        using var connected = presence.Open(deviceId);
        logger.LogInformation("Device {DeviceId} opened a job stream with concurrency {Concurrency}", deviceId, concurrency);

        try
        {
            while (!ct.IsCancellationRequested)
            {
                var changed = scheduler.NextChange(deviceId);
                if (devices.Get(deviceId).State == Domain.DeviceState.Retired) break;
                var leased = scheduler.LeaseNext(deviceId, concurrency);
                await JobDelivery.WriteAllAsync(
                    leased,
                    job => responseStream.WriteAsync(JobMapping.ToProto(job), ct),
                    unwritten => scheduler.ReturnUndelivered(deviceId, unwritten.Select(j => j.Id).ToList()));
                try
                {
                    await changed.WaitAsync(StreamRecheck, time, ct);
                }
                catch (TimeoutException)
                {
                    // No signal for a while: look at the queue anyway.
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        logger.LogInformation("Job stream of device {DeviceId} closed", deviceId);
    }

    public override Task<Wire.ReportMeasurementsResponse> ReportMeasurements(Wire.ReportMeasurementsRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        string deviceId = context.GetCaller().RequireAgentDevice();
        ingest.CheckBatch(request.IdempotencyKey, request.Reports.Count);
        var reports = request.Reports.Select((r, i) => MeasurementMapping.ToIncoming(r, i, deviceId)).ToList();
        var outcome = ingest.Apply(deviceId, request.IdempotencyKey, reports);
        return Task.FromResult(new Wire.ReportMeasurementsResponse { Accepted = outcome.Accepted, Duplicates = outcome.Duplicates });
    }

    public override Task<Wire.ReportJobFailureResponse> ReportJobFailure(Wire.ReportJobFailureRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        string deviceId = context.GetCaller().RequireAgentDevice();
        devices.RequireEnrolled(deviceId);
        var job = scheduler.ReportFailure(deviceId, request.JobId, request.Reason, request.Retryable);
        // A front measurement that failed for good uses up its slot; the modeling worker then queues the next one.
        if (job is { Purpose: Domain.JobPurpose.Adaptation, State: Domain.JobState.Failed })
            modeling.Enqueue(deviceId, job.Design.Space, "front measurement failed");
        return Task.FromResult(new Wire.ReportJobFailureResponse { State = JobMapping.ToProto(job.State) });
    }

    public override Task<Wire.HeartbeatResponse> Heartbeat(Wire.HeartbeatRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        string deviceId = context.GetCaller().RequireAgentDevice();
        devices.Touch(deviceId);
        int extended = scheduler.ExtendLeases(deviceId, request.RunningJobIds.Select(id => id.Trim()).ToList());
        logger.LogDebug("Heartbeat of device {DeviceId}: {Extended} leases extended", deviceId, extended);
        return Task.FromResult(new Wire.HeartbeatResponse { ServerUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }
}

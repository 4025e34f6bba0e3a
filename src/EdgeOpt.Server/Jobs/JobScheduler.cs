using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Jobs;

/// <inheritdoc cref="IJobScheduler"/>
public sealed class JobScheduler(
    IFleetStore store,
    ISignatureSetProvider signatures,
    DeviceSignals signals,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<JobScheduler> logger) : IJobScheduler
{
    public const int MaxReasonLength = 2000;

    private ServerOptions Options => options.Value;

    public IReadOnlyList<JobRecord> Enqueue(string deviceId, IReadOnlyList<JobSpec> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0) return [];
        var queued = store.Atomically(() =>
        {
            var device = RequireActiveDevice(deviceId);
            long now = Now();
            return store.Jobs.Insert(jobs.Select(spec => NewJob(device, spec, now)).ToList());
        });
        logger.LogInformation("Queued {Count} {Purpose} jobs for device {DeviceId}",
            queued.Count, string.Join("/", queued.Select(j => j.Purpose).Distinct()), deviceId);
        Wake(deviceId);
        return queued;
    }

    public IReadOnlyList<JobRecord> EnqueueSignatureSets(string deviceId)
    {
        // Choosing a signature set may be slow the first time (graph statistics of a whole space): do it before
        // taking the store's write gate. A device's spaces never change after registration.
        var designs = RequireActiveDevice(deviceId).Spaces
            .SelectMany(space => signatures.SignatureSet(space).Select(arch => DesignRules.Normalize(space, arch, [], $"signature set of {space}")))
            .ToList();
        var queued = store.Atomically(() =>
        {
            var device = RequireActiveDevice(deviceId);
            var existing = store.Jobs.List(deviceId, null)
                .Where(j => j.Purpose == JobPurpose.Signature && j.State != JobState.Failed)
                .Select(j => j.Design)
                .ToList();
            long now = Now();
            var fresh = new List<JobRecord>();
            foreach (var design in designs)
            {
                if (existing.Any(d => d.SameAs(design)) || fresh.Any(j => j.Design.SameAs(design))) continue;
                fresh.Add(NewJob(device, new JobSpec(design, JobPurpose.Signature), now));
            }
            return fresh.Count == 0 ? [] : store.Jobs.Insert(fresh);
        });
        if (queued.Count > 0)
        {
            logger.LogInformation("Queued {Count} signature jobs for device {DeviceId}", queued.Count, deviceId);
            Wake(deviceId);
        }
        return queued;
    }

    public IReadOnlyList<JobRecord> LeaseNext(string deviceId, int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        return store.Atomically(() =>
        {
            int free = concurrency - store.Jobs.CountInState(deviceId, JobState.Leased);
            if (free <= 0) return (IReadOnlyList<JobRecord>)[];
            long now = Now();
            long expires = now + (long)Options.LeaseDuration.TotalMilliseconds;
            var leased = new List<JobRecord>();
            foreach (var job in store.Jobs.NextQueued(deviceId, free))
            {
                var next = job with { State = JobState.Leased, LeaseExpiresUnixMs = expires, UpdatedUnixMs = now };
                store.Jobs.Update(next);
                leased.Add(next);
            }
            if (leased.Count > 0)
                logger.LogInformation("Leased {Count} jobs to device {DeviceId} until {LeaseExpiresUnixMs}", leased.Count, deviceId, expires);
            return leased;
        });
    }

    public Task NextChange(string deviceId) => signals.Next(deviceId);

    public void ReturnUndelivered(string deviceId, IReadOnlyList<string> jobIds)
    {
        if (jobIds.Count == 0) return;
        store.Atomically(() =>
        {
            foreach (string id in jobIds)
            {
                if (store.Jobs.Find(id) is { State: JobState.Leased } job && job.DeviceId == deviceId)
                    store.Jobs.Update(job with { State = JobState.Queued, LeaseExpiresUnixMs = 0, UpdatedUnixMs = Now() });
            }
        });
        logger.LogInformation("Returned {Count} undelivered jobs of device {DeviceId} to the queue", jobIds.Count, deviceId);
        Wake(deviceId);
    }

    public int ExtendLeases(string deviceId, IReadOnlyList<string> jobIds)
    {
        if (jobIds.Count == 0) return 0;
        return store.Atomically(() =>
        {
            long now = Now();
            long expires = now + (long)Options.LeaseDuration.TotalMilliseconds;
            var owned = new List<JobRecord>();
            for (int i = 0; i < jobIds.Count; i++)
            {
                var job = RequireOwnJob(deviceId, jobIds[i], $"running_job_ids[{i}]");
                if (job.State == JobState.Leased) owned.Add(job);
            }
            foreach (var job in owned) store.Jobs.Update(job with { LeaseExpiresUnixMs = expires, UpdatedUnixMs = now });
            return owned.Count;
        });
    }

    public JobRecord ReportFailure(string deviceId, string jobId, string reason, bool retryable)
    {
        if (string.IsNullOrWhiteSpace(jobId)) throw FleetException.Invalid("job_id is required");
        if (string.IsNullOrWhiteSpace(reason)) throw FleetException.Invalid("reason is required: say why the job could not run");
        reason = reason.Trim();
        if (reason.Length > MaxReasonLength) reason = reason[..MaxReasonLength];

        var updated = store.Atomically(() =>
        {
            var job = RequireOwnJob(deviceId, jobId.Trim(), "job_id");
            if (job.State != JobState.Leased)
                throw FleetException.Precondition(
                    $"job_id: job '{job.Id}' is {job.State.ToString().ToLowerInvariant()}, not leased; only a leased job can be reported as failed");
            int attempts = job.Attempts + 1;
            bool requeue = retryable && attempts < Options.MaxJobAttempts;
            var next = job with
            {
                State = requeue ? JobState.Queued : JobState.Failed,
                Attempts = attempts,
                LeaseExpiresUnixMs = 0,
                LastError = reason,
                UpdatedUnixMs = Now(),
            };
            store.Jobs.Update(next);
            return next;
        });
        logger.LogWarning("Job {JobId} of device {DeviceId} failed (attempt {Attempts}, retryable {Retryable}): {Reason}; now {State}",
            updated.Id, deviceId, updated.Attempts, retryable, reason, updated.State);
        Wake(deviceId);
        return updated;
    }

    public int CancelDeviceJobs(string deviceId, string reason)
    {
        int cancelled = store.Atomically(() =>
        {
            long now = Now();
            var open = store.Jobs.List(deviceId, null).Where(j => j.State is JobState.Queued or JobState.Leased).ToList();
            foreach (var job in open)
                store.Jobs.Update(job with { State = JobState.Failed, LeaseExpiresUnixMs = 0, LastError = reason, UpdatedUnixMs = now });
            return open.Count;
        });
        if (cancelled > 0) logger.LogInformation("Cancelled {Count} open jobs of device {DeviceId}: {Reason}", cancelled, deviceId, reason);
        Wake(deviceId);
        return cancelled;
    }

    public int RequeueExpiredLeases()
    {
        var touched = store.Atomically(() =>
        {
            long now = Now();
            var expired = store.Jobs.LeasesExpiredAt(now);
            foreach (var job in expired)
            {
                int attempts = job.Attempts + 1;
                bool failed = attempts >= Options.MaxJobAttempts;
                store.Jobs.Update(job with
                {
                    State = failed ? JobState.Failed : JobState.Queued,
                    Attempts = attempts,
                    LeaseExpiresUnixMs = 0,
                    LastError = $"lease expired after attempt {attempts} (no result or heartbeat from the agent)",
                    UpdatedUnixMs = now,
                });
                if (failed)
                    logger.LogWarning("Job {JobId} of device {DeviceId} failed: lease expired on attempt {Attempts} of {MaxAttempts}",
                        job.Id, job.DeviceId, attempts, Options.MaxJobAttempts);
                else
                    logger.LogInformation("Job {JobId} of device {DeviceId} returned to the queue: lease expired (attempt {Attempts})",
                        job.Id, job.DeviceId, attempts);
            }
            return expired;
        });
        foreach (string deviceId in touched.Select(j => j.DeviceId).Distinct()) Wake(deviceId);
        return touched.Count;
    }

    private DeviceRecord RequireActiveDevice(string deviceId)
    {
        var device = store.Devices.Find(deviceId) ?? throw FleetException.NotFound($"device '{deviceId}' not found");
        if (device.State == DeviceState.Retired)
            throw FleetException.Precondition($"device '{deviceId}' is retired; no jobs can be queued for it");
        return device;
    }

    private JobRecord RequireOwnJob(string deviceId, string jobId, string field)
    {
        var job = store.Jobs.Find(jobId) ?? throw FleetException.NotFound($"{field}: job '{jobId}' not found");
        if (job.DeviceId != deviceId)
            throw FleetException.Denied($"{field}: job '{jobId}' belongs to another device, not to '{deviceId}'");
        return job;
    }

    private JobRecord NewJob(DeviceRecord device, JobSpec spec, long now) => new()
    {
        Id = Ids.New("job"),
        DeviceId = device.Id,
        Design = spec.Design,
        Purpose = spec.Purpose,
        State = JobState.Queued,
        Settings = spec.Settings ?? DefaultSettings(device),
        OnnxModel = spec.OnnxModel,
        CreatedUnixMs = now,
        UpdatedUnixMs = now,
    };

    private BenchmarkSettingsRecord DefaultSettings(DeviceRecord device)
    {
        var b = Options.Benchmark;
        return new BenchmarkSettingsRecord
        {
            WarmupRuns = b.WarmupRuns,
            MinRuns = b.MinRuns,
            MaxRuns = b.MaxRuns,
            TargetRelativeStandardError = b.TargetRelativeStandardError,
            MaxSeconds = b.MaxSeconds,
            IntraOpThreads = b.IntraOpThreads,
            BatchSize = b.BatchSize,
            MeasureEnergy = b.MeasureEnergy && device.Profile.EnergyMeters.Length > 0,
        };
    }

    /// <summary>Wakes the device's job streams once the change is committed (not before: they would read old state).</summary>
    private void Wake(string deviceId) => store.OnCommitted(() => signals.Pulse(deviceId));

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}

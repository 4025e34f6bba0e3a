using EdgeOpt.Server.Domain;

namespace EdgeOpt.Server.Jobs;

/// <summary>
/// Queues benchmark jobs per device and leases them to the device's agent. Every change is committed before the
/// method returns and wakes the device's job streams.
/// </summary>
public interface IJobScheduler
{
    /// <summary>
    /// Queues jobs for a device (adaptation, verification, or signature points). Designs must be normalized
    /// (<see cref="DesignRules.Normalize"/>). NotFound for an unknown device, FailedPrecondition for a retired one.
    /// </summary>
    IReadOnlyList<JobRecord> Enqueue(string deviceId, IReadOnlyList<JobSpec> jobs);

    /// <summary>
    /// Queues the signature set of each of the device's spaces, skipping designs that already have a queued,
    /// leased or done signature job. Returns the jobs queued now.
    /// </summary>
    IReadOnlyList<JobRecord> EnqueueSignatureSets(string deviceId);

    /// <summary>
    /// Leases the oldest queued jobs of the device so that at most <paramref name="concurrency"/> are leased at once;
    /// returns the newly leased jobs (possibly none).
    /// </summary>
    IReadOnlyList<JobRecord> LeaseNext(string deviceId, int concurrency);

    /// <summary>Completes at the next change of the device's jobs; take it before <see cref="LeaseNext"/>.</summary>
    Task NextChange(string deviceId);

    /// <summary>Puts jobs that were leased but never delivered back in the queue without counting an attempt.</summary>
    void ReturnUndelivered(string deviceId, IReadOnlyList<string> jobIds);

    /// <summary>
    /// Extends the leases of the named jobs that are leased to the device; returns how many were extended.
    /// NotFound for an unknown job, PermissionDenied for another device's job.
    /// </summary>
    int ExtendLeases(string deviceId, IReadOnlyList<string> jobIds);

    /// <summary>
    /// Records that the agent could not run a leased job: back to the queue (retryable, attempts left) or failed.
    /// </summary>
    JobRecord ReportFailure(string deviceId, string jobId, string reason, bool retryable);

    /// <summary>Fails every queued or leased job of a device (it was retired); returns how many.</summary>
    int CancelDeviceJobs(string deviceId, string reason);

    /// <summary>Returns expired leases to the queue (attempts + 1) or fails jobs out of attempts; returns how many.</summary>
    int RequeueExpiredLeases();
}

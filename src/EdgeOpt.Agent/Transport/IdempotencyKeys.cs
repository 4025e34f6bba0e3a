namespace EdgeOpt.Agent.Transport;

/// <summary>
/// Keys of measurement reports. A key names what was measured, not when it was sent: the device, the job and
/// the job's attempt (the lease count the server gave it). Every retry of the same report carries the same key,
/// so the server applies it once; a job the server leases again (a new attempt) is a new measurement with a new key.
/// </summary>
public static class IdempotencyKeys
{
    public static string ForJob(string deviceId, string jobId, int attempt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        return $"{(string.IsNullOrWhiteSpace(deviceId) ? "unknown-device" : deviceId)}/{jobId}/{attempt}";
    }
}

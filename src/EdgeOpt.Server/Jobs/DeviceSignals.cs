using System.Collections.Concurrent;

namespace EdgeOpt.Server.Jobs;

/// <summary>
/// Wakes TakeJobs streams when the jobs of their device may have changed (queued, finished, returned).
/// Take <see cref="Next"/> before looking at the store, then await it: a change in between is not lost.
/// </summary>
public sealed class DeviceSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next <see cref="Pulse"/> for the device.</summary>
    public Task Next(string deviceId) =>
        _next.GetOrAdd(deviceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Pulse(string deviceId)
    {
        if (_next.TryRemove(deviceId, out var waiting)) waiting.TrySetResult();
    }
}

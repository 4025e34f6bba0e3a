using System.Collections.Concurrent;

namespace EdgeOpt.Server.Optimization;

/// <summary>
/// Which devices have an agent connected right now: counts the open TakeJobs streams per device. Verification queues
/// a benchmark only for a device whose agent would take it.
/// </summary>
public sealed class AgentPresence
{
    private readonly ConcurrentDictionary<string, int> _streams = new(StringComparer.Ordinal);

    /// <summary>Marks one open job stream of the device until the returned handle is disposed.</summary>
    public IDisposable Open(string deviceId)
    {
        _streams.AddOrUpdate(deviceId, 1, (_, n) => n + 1);
        return new Handle(this, deviceId);
    }

    public bool IsConnected(string deviceId) => _streams.TryGetValue(deviceId, out var n) && n > 0;

    private void Close(string deviceId) => _streams.AddOrUpdate(deviceId, 0, (_, n) => Math.Max(0, n - 1));

    private sealed class Handle(AgentPresence owner, string deviceId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Close(deviceId);
        }
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization.Verification;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Jobs;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Optimization;

/// <summary>
/// Verification in the server: queues a Verification benchmark job of the design for the device's agent through the
/// scheduler and waits (woken by the device's job signals, at most <paramref name="timeout"/>) for the report that
/// completes it. A failed or timed-out job measures nothing (null) and <see cref="Notes"/> says why.
/// </summary>
public sealed class JobDesignVerifier(
    IJobScheduler scheduler,
    IFleetStore store,
    DeviceSignals signals,
    string deviceId,
    TimeSpan timeout,
    Func<string, Task>? progress = null) : IDesignVerifier
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);
    private readonly List<string> _notes = [];
    private readonly Dictionary<Design, MeasurementRecord> _measured = [];

    /// <summary>What happened to jobs that measured nothing.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The stored measurement of each design this verifier measured.</summary>
    public IReadOnlyDictionary<Design, MeasurementRecord> Measured => _measured;

    public async ValueTask<DesignMeasurement?> MeasureAsync(Design design, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        var space = SearchSpaces.Get(design.SpaceId);
        var record = DesignRules.Normalize(
            space.Id, space.Format(design.Architecture), design.Policy.Slots.Select(p => (Precision?)p).ToList(), "design");
        var job = scheduler.Enqueue(deviceId, [new JobSpec(record, JobPurpose.Verification)]).Single();
        if (progress is not null) await progress($"queued verification job {job.Id} of {record} on device {deviceId}").ConfigureAwait(false);

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = signals.Next(deviceId);
            var current = store.Jobs.Find(job.Id) ?? throw new InvalidOperationException($"job {job.Id} vanished from the store");
            if (current.State == JobState.Done)
            {
                var measurement = store.Measurements.Find(current.MeasurementId)
                                  ?? throw new InvalidOperationException($"job {job.Id} is done but its measurement {current.MeasurementId} is missing");
                _measured[design] = measurement;
                return new DesignMeasurement(design, measurement.Latency.MedianMs, measurement.Energy?.TotalMj is > 0 and var mj ? mj : null);
            }
            if (current.State == JobState.Failed)
            {
                _notes.Add($"verification job {job.Id} failed on device {deviceId}: {current.LastError}");
                return null;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                _notes.Add(FormattableString.Invariant(
                    $"verification job {job.Id} got no report from device {deviceId} within {timeout.TotalSeconds:0.#} s; it stays queued ({current.State.ToString().ToLowerInvariant()})"));
                return null;
            }
            try
            {
                await changed.WaitAsync(left < Recheck ? left : Recheck, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look at the job again anyway.
            }
        }
    }
}

namespace EdgeOpt.Agent.Transport;

/// <summary>
/// Exponential backoff with "equal jitter": attempt k waits a random time in [c/2, c] where
/// c = min(maximum, initial * 2^k). The random half keeps a fleet that lost the server at the same moment from
/// coming back at the same moment; the fixed half keeps every wait from being near zero. Thread-safe.
/// </summary>
public sealed class Backoff
{
    private readonly Random _random;
    private readonly Lock _gate = new();

    public Backoff(TimeSpan initial, TimeSpan maximum, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        Initial = initial;
        Maximum = maximum;
        _random = random ?? new Random();
    }

    public TimeSpan Initial { get; }

    public TimeSpan Maximum { get; }

    /// <summary>The upper end of attempt <paramref name="attempt"/>'s wait (0-based), before jitter.</summary>
    public TimeSpan Ceiling(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var ticks = Initial.Ticks * Math.Pow(2, Math.Min(attempt, 62));
        return ticks >= Maximum.Ticks ? Maximum : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How long to wait before retry number <paramref name="attempt"/> (0-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        var ceiling = Ceiling(attempt).Ticks;
        double fraction;
        lock (_gate) fraction = _random.NextDouble();
        return TimeSpan.FromTicks(ceiling / 2 + (long)(fraction * (ceiling - ceiling / 2)));
    }
}

namespace EdgeOpt.Core.Statistics;

/// <summary>The samples kept and the samples rejected by an outlier rule, each in input order.</summary>
public sealed record OutlierSplit(IReadOnlyList<double> Kept, IReadOnlyList<double> Rejected, double LowerFence, double UpperFence);

/// <summary>
/// Outlier rejection for repeated latency measurements: Tukey's fences. With Q1 and Q3 the 25th and 75th
/// percentiles (linear interpolation) and IQR = Q3 - Q1, a sample is rejected when it lies strictly outside
/// [Q1 - k * IQR, Q3 + k * IQR]; k = 1.5 by default. The rule is symmetric (a run that is implausibly fast
/// is as suspect as one delayed by the scheduler) and needs at least <see cref="MinimumCount"/> samples:
/// below that nothing is rejected. Quartiles are robust, so a few large stalls cannot widen the fences.
/// </summary>
public static class OutlierRejection
{
    public const double DefaultK = 1.5;

    /// <summary>Fewer samples than this are returned whole: quartiles of three points mean little.</summary>
    public const int MinimumCount = 4;

    public static OutlierSplit TukeyFences(IReadOnlyList<double> samples, double k = DefaultK)
    {
        SampleGuard.Finite(samples, nameof(samples), minimumCount: 0);
        if (!(k >= 0) || double.IsInfinity(k))
            throw new ArgumentOutOfRangeException(nameof(k), k, "the fence factor k is a finite number >= 0 (Tukey: 1.5)");
        if (samples.Count < MinimumCount)
            return new OutlierSplit(samples.ToArray(), [], double.NegativeInfinity, double.PositiveInfinity);

        var sorted = SampleGuard.SortedCopy(samples);
        var q1 = Descriptive.PercentileOfSorted(sorted, 25);
        var q3 = Descriptive.PercentileOfSorted(sorted, 75);
        var iqr = q3 - q1;
        var lower = q1 - k * iqr;
        var upper = q3 + k * iqr;

        var kept = new List<double>(samples.Count);
        var rejected = new List<double>();
        foreach (var s in samples) (s < lower || s > upper ? rejected : kept).Add(s);
        return new OutlierSplit(kept, rejected, lower, upper);
    }
}

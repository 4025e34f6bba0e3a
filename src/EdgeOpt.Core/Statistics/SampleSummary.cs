namespace EdgeOpt.Core.Statistics;

/// <summary>The usual description of one sample, computed in one pass over a sorted copy.</summary>
/// <param name="Count">Number of values.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="StandardDeviation">Sample standard deviation (n - 1); 0 for a single value.</param>
/// <param name="Median">50th percentile (linear interpolation).</param>
/// <param name="P90">90th percentile (linear interpolation).</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="RelativeStandardError">(s / sqrt(n)) / |mean|; 0 for a single value.</param>
public sealed record SampleSummary(
    int Count,
    double Mean,
    double StandardDeviation,
    double Median,
    double P90,
    double Min,
    double Max,
    double RelativeStandardError)
{
    /// <summary>Summarises a non-empty sample of finite values.</summary>
    public static SampleSummary Of(IReadOnlyList<double> values)
    {
        SampleGuard.Finite(values, nameof(values));
        var sorted = SampleGuard.SortedCopy(values);
        var mean = Descriptive.MeanOf(sorted);
        var sd = sorted.Length > 1 ? Descriptive.StandardDeviationOf(sorted, mean) : 0;
        var se = sd / Math.Sqrt(sorted.Length);
        var rse = se == 0 ? 0 : mean == 0 ? double.PositiveInfinity : se / Math.Abs(mean);
        return new SampleSummary(
            sorted.Length,
            mean,
            sd,
            Descriptive.PercentileOfSorted(sorted, 50),
            Descriptive.PercentileOfSorted(sorted, 90),
            sorted[0],
            sorted[^1],
            rse);
    }
}

namespace EdgeOpt.Core.Statistics;

/// <summary>
/// Descriptive statistics of one sample. Every method rejects empty input and non-finite values with an
/// <see cref="ArgumentException"/> that names the offending index.
/// </summary>
public static class Descriptive
{
    public static double Mean(IReadOnlyList<double> values)
    {
        SampleGuard.Finite(values, nameof(values));
        return MeanOf(values);
    }

    /// <summary>Median (the 50th percentile with linear interpolation: mean of the two middle values for even n).</summary>
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>
    /// Percentile with linear interpolation between closest ranks (Hyndman and Fan type 7, the default of
    /// numpy and R): the value at fractional position h = (n - 1) * p / 100 of the sorted sample.
    /// </summary>
    /// <param name="values">The sample (any order).</param>
    /// <param name="percent">Percentile in [0, 100].</param>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        SampleGuard.Finite(values, nameof(values));
        return PercentileOfSorted(SampleGuard.SortedCopy(values), percent);
    }

    /// <summary><see cref="Percentile"/> for a sample that is already sorted ascending (not checked).</summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.Length == 0) throw new ArgumentException("needs at least 1 value, got 0", nameof(sorted));
        if (!(percent >= 0 && percent <= 100))
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "a percentile must lie in [0, 100]");
        var h = (sorted.Length - 1) * percent / 100.0;
        var lower = (int)Math.Floor(h);
        if (lower >= sorted.Length - 1) return sorted[^1];
        var fraction = h - lower;
        return sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower]);
    }

    /// <summary>Sample standard deviation (divisor n - 1); needs at least two values.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        SampleGuard.Finite(values, nameof(values), minimumCount: 2);
        return StandardDeviationOf(values, MeanOf(values));
    }

    /// <summary>
    /// Relative standard error of the mean: (s / sqrt(n)) / |mean|, with s the sample standard deviation.
    /// Needs at least two values; a zero mean gives +infinity unless the spread is zero too (then 0).
    /// </summary>
    public static double RelativeStandardError(IReadOnlyList<double> values)
    {
        SampleGuard.Finite(values, nameof(values), minimumCount: 2);
        var mean = MeanOf(values);
        var standardError = StandardDeviationOf(values, mean) / Math.Sqrt(values.Count);
        if (standardError == 0) return 0;
        return mean == 0 ? double.PositiveInfinity : standardError / Math.Abs(mean);
    }

    internal static double MeanOf(IReadOnlyList<double> values)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++) sum += values[i];
        return sum / values.Count;
    }

    internal static double StandardDeviationOf(IReadOnlyList<double> values, double mean)
    {
        var squares = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            var d = values[i] - mean;
            squares += d * d;
        }
        return Math.Sqrt(squares / (values.Count - 1));
    }
}

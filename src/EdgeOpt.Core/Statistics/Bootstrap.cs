namespace EdgeOpt.Core.Statistics;

/// <summary>
/// Percentile bootstrap: draw <c>resamples</c> samples of size n with replacement (a seeded
/// <see cref="Random"/>, so the same seed always gives the same interval), evaluate the statistic on each,
/// and take the (1 - c)/2 and (1 + c)/2 percentiles (linear interpolation) of the resampled statistics.
/// Resamples where the statistic is NaN (e.g. a correlation of a constant resample) are left out and counted.
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// The general form: the statistic receives the row indices of one resample (with repeats) and reads
    /// whatever paired data it closes over. Index arrays are reused between calls: do not keep them.
    /// </summary>
    public static ConfidenceInterval PercentileInterval(
        int count,
        Func<IReadOnlyList<int>, double> statistic,
        int seed,
        int resamples = 2000,
        double confidence = 0.95)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "needs at least one row");
        ArgumentNullException.ThrowIfNull(statistic);
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "needs at least one resample");
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence lies strictly between 0 and 1, e.g. 0.95");

        var identity = new int[count];
        for (var i = 0; i < count; i++) identity[i] = i;
        var estimate = statistic(identity);

        var random = new Random(seed);
        var indices = new int[count];
        var values = new List<double>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < count; i++) indices[i] = random.Next(count);
            var value = statistic(indices);
            if (!double.IsNaN(value)) values.Add(value);
        }

        if (values.Count == 0)
            return new ConfidenceInterval(estimate, double.NaN, double.NaN, confidence, resamples, 0);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var tail = (1 - confidence) / 2 * 100;
        return new ConfidenceInterval(
            estimate,
            Descriptive.PercentileOfSorted(sorted, tail),
            Descriptive.PercentileOfSorted(sorted, 100 - tail),
            confidence,
            resamples,
            sorted.Length);
    }

    /// <summary>Interval for a statistic of one sample (e.g. <see cref="Descriptive.Median"/>).</summary>
    public static ConfidenceInterval PercentileInterval(
        IReadOnlyList<double> sample,
        Func<IReadOnlyList<double>, double> statistic,
        int seed,
        int resamples = 2000,
        double confidence = 0.95)
    {
        SampleGuard.Finite(sample, nameof(sample));
        ArgumentNullException.ThrowIfNull(statistic);
        var buffer = new double[sample.Count];
        return PercentileInterval(sample.Count, rows =>
        {
            for (var i = 0; i < rows.Count; i++) buffer[i] = sample[rows[i]];
            return statistic(buffer);
        }, seed, resamples, confidence);
    }

    /// <summary>Interval for a statistic of paired samples, resampling pairs (e.g. <see cref="Correlation.Spearman"/>).</summary>
    public static ConfidenceInterval PercentileInterval(
        IReadOnlyList<double> x,
        IReadOnlyList<double> y,
        Func<IReadOnlyList<double>, IReadOnlyList<double>, double> statistic,
        int seed,
        int resamples = 2000,
        double confidence = 0.95)
    {
        SampleGuard.Paired(x, y, nameof(x), nameof(y), minimumCount: 1);
        ArgumentNullException.ThrowIfNull(statistic);
        var bx = new double[x.Count];
        var by = new double[y.Count];
        return PercentileInterval(x.Count, rows =>
        {
            for (var i = 0; i < rows.Count; i++)
            {
                bx[i] = x[rows[i]];
                by[i] = y[rows[i]];
            }
            return statistic(bx, by);
        }, seed, resamples, confidence);
    }
}

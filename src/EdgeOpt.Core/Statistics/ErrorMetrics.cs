namespace EdgeOpt.Core.Statistics;

/// <summary>Accuracy of predictions against measured values (e.g. predicted vs measured latency).</summary>
public static class ErrorMetrics
{
    /// <summary>
    /// Mean absolute percentage error, in percent: mean of |predicted - actual| / |actual| * 100.
    /// Every actual value must be non-zero.
    /// </summary>
    public static double MeanAbsolutePercentageError(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        SampleGuard.Paired(predicted, actual, nameof(predicted), nameof(actual), minimumCount: 1);
        var sum = 0.0;
        for (var i = 0; i < actual.Count; i++) sum += RelativeError(predicted[i], actual[i], i);
        return 100.0 * sum / actual.Count;
    }

    /// <summary>
    /// Share (0..1) of predictions whose relative error |predicted - actual| / |actual| is at most
    /// <paramref name="relativeTolerance"/> (0.10 = within ±10 %). The bound is inclusive, with a 1e-12
    /// slack so that a value exactly on the bound is not lost to rounding.
    /// </summary>
    public static double ShareWithin(
        IReadOnlyList<double> predicted, IReadOnlyList<double> actual, double relativeTolerance = 0.10)
    {
        SampleGuard.Paired(predicted, actual, nameof(predicted), nameof(actual), minimumCount: 1);
        if (!(relativeTolerance >= 0) || double.IsInfinity(relativeTolerance))
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance,
                "the tolerance is a finite relative error >= 0, e.g. 0.10 for ±10 %");
        var within = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            if (RelativeError(predicted[i], actual[i], i) <= relativeTolerance + 1e-12) within++;
        }
        return (double)within / actual.Count;
    }

    private static double RelativeError(double predicted, double actual, int index) =>
        actual == 0
            ? throw new ArgumentException(
                $"actual value at index {index} is 0; relative errors need non-zero actual values", nameof(actual))
            : Math.Abs(predicted - actual) / Math.Abs(actual);
}

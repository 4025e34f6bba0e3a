using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Learning.Evaluation;

/// <summary>
/// Quality of predicted costs against measured ones: Spearman and Kendall rank correlations, mean absolute
/// percentage error and the share within ±10 % (both fractions: 0.05 = 5 %), and the share of measured values
/// inside the predicted 90 % interval.
/// </summary>
public sealed record LatencyMetrics(double Srcc, double Kendall, double Mape, double Within10, double Coverage90)
{
    public static LatencyMetrics Of(IReadOnlyList<double> predicted, IReadOnlyList<double> actual,
        IReadOnlyList<(double Lower, double Upper)> interval90)
    {
        ArgumentNullException.ThrowIfNull(interval90);
        var inside = 0;
        for (var i = 0; i < actual.Count; i++)
            if (actual[i] >= interval90[i].Lower && actual[i] <= interval90[i].Upper) inside++;
        return new LatencyMetrics(
            Correlation.Spearman(predicted, actual),
            Correlation.KendallTauB(predicted, actual),
            ErrorMetrics.MeanAbsolutePercentageError(predicted, actual) / 100.0,
            ErrorMetrics.ShareWithin(predicted, actual, 0.10),
            actual.Count == 0 ? double.NaN : (double)inside / actual.Count);
    }

    /// <summary>Mean of each metric over the given results (NaN entries skipped).</summary>
    public static LatencyMetrics Mean(IReadOnlyList<LatencyMetrics> metrics) => new(
        MeanOf(metrics.Select(m => m.Srcc)), MeanOf(metrics.Select(m => m.Kendall)), MeanOf(metrics.Select(m => m.Mape)),
        MeanOf(metrics.Select(m => m.Within10)), MeanOf(metrics.Select(m => m.Coverage90)));

    private static double MeanOf(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? double.NaN : finite.Average();
    }
}

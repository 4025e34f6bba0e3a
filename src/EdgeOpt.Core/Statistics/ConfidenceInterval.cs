namespace EdgeOpt.Core.Statistics;

/// <summary>A two-sided confidence interval around a point estimate.</summary>
/// <param name="Estimate">The statistic on the original sample.</param>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Confidence">Coverage, e.g. 0.95.</param>
/// <param name="Resamples">Resamples drawn.</param>
/// <param name="ValidResamples">Resamples whose statistic was defined (not NaN); the bounds use only these.</param>
public sealed record ConfidenceInterval(
    double Estimate,
    double Lower,
    double Upper,
    double Confidence,
    int Resamples,
    int ValidResamples)
{
    public bool Contains(double value) => value >= Lower && value <= Upper;
}

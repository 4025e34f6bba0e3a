using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// How monotone a known device's latencies are with a new device's, from the architectures measured on both:
/// Spearman and Kendall (tau-b) rank correlations with percentile-bootstrap intervals. Plain data.
/// </summary>
/// <param name="Device">The known device.</param>
/// <param name="Points">Architectures the estimate is computed on.</param>
public sealed record MonotonicityEstimate(string Device, int Points, ConfidenceInterval Spearman, ConfidenceInterval Kendall)
{
    /// <summary>The lower bound of the Spearman interval, or -infinity when it is undefined (e.g. constant values).</summary>
    public double SpearmanLowerBound => double.IsNaN(Spearman.Lower) ? double.NegativeInfinity : Spearman.Lower;
}

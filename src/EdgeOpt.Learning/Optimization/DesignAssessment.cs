using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Optimization;

/// <summary>
/// A design as an optimizer sees it for one problem: its accuracy (fp32 source minus the quantization penalty; the
/// interval shifted alike), its predicted latency (and energy) as log-normals, the probability that it fits the
/// budgets, how far it misses them, and its objective.
/// </summary>
/// <param name="Accuracy">Top-1 percent with interval, after the quantization penalty.</param>
/// <param name="AccuracyProvenance">"measured" (a table, fp32) or "estimated" (a predictor, or any quantized slot).</param>
/// <param name="Energy">Null without an energy predictor.</param>
/// <param name="FitConfidence">P(every cost within its budget) under the predictors' log-normals (assumed independent).</param>
/// <param name="Violation">
/// 0 when the design fits (each cost's Confidence-quantile within its budget); otherwise the sum over budgets of
/// ln(quantile / budget) where positive; +∞ for an excluded design.
/// </param>
/// <param name="Score">The objective (higher is better).</param>
public sealed record DesignAssessment(
    Design Design,
    AccuracyPrediction Accuracy,
    AccuracyProvenance AccuracyProvenance,
    LatencyPrediction Latency,
    LatencyPrediction? Energy,
    double FitConfidence,
    double Violation,
    double Score)
{
    public bool Fits => Violation == 0;

    /// <summary>Median predicted latency, ms.</summary>
    public double LatencyMs => Latency.Value;

    /// <summary>Median predicted energy, mJ (null without an energy predictor).</summary>
    public double? EnergyMj => Energy?.Value;

    /// <summary>
    /// Feasibility-aware order: a design that fits beats one that does not; among designs that fit the higher score
    /// wins (then the lower predicted latency); among designs that do not, the smaller violation wins (then the
    /// higher score).
    /// </summary>
    public bool IsBetterThan(DesignAssessment other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Fits != other.Fits) return Fits;
        if (Fits)
        {
            if (Score != other.Score) return Score > other.Score;
            return Latency.LogMean < other.Latency.LogMean;
        }
        if (Violation != other.Violation) return Violation < other.Violation;
        return Score > other.Score;
    }

    /// <summary>The better of two by <see cref="IsBetterThan"/> (the first on a tie).</summary>
    public static DesignAssessment Better(DesignAssessment a, DesignAssessment b) => b.IsBetterThan(a) ? b : a;
}

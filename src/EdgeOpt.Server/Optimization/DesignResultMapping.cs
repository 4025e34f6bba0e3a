using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Services.Mapping;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Optimization;

/// <summary>
/// An assessed design as the wire's DesignResult: accuracy and latency Figures with provenance, interval and source;
/// the fit probability; the measured latency when verification measured it.
/// </summary>
public static class DesignResultMapping
{
    /// <param name="accuracySource">Name of the fp32 accuracy source.</param>
    /// <param name="accuracyEstimated">The fp32 source is a stand-in estimate (a proxy), not a trained predictor or a table.</param>
    /// <param name="quantizationPrior">Name of the prior that charges quantized slots.</param>
    /// <param name="latencySource">Which predictor produced the latency (e.g. "cross-device/v3").</param>
    /// <param name="energySource">Which predictor produced the energy; the energy Figure is set when the assessment has energy.</param>
    public static Wire.DesignResult ToProto(
        DesignAssessment assessment, ISearchSpace space, string accuracySource, bool accuracyEstimated, string? quantizationPrior,
        string latencySource, double intervalLevel, MeasurementRecord? verified, string? energySource = null)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var design = assessment.Design;
        var quantized = design.Policy.Slots.Any(p => p != Precision.Fp32);
        var accuracy = new Wire.Figure
        {
            Value = assessment.Accuracy.Top1,
            Lower = assessment.Accuracy.Lower,
            Upper = assessment.Accuracy.Upper,
            IntervalLevel = intervalLevel,
            // Quantized: fp32 figure minus a prior's penalty (estimated); fp32: a proxy's estimate, a table's measurement or a predictor's output.
            Provenance = quantized || accuracyEstimated ? Wire.Provenance.Estimated
                : assessment.AccuracyProvenance == AccuracyProvenance.Measured ? Wire.Provenance.Measured
                : Wire.Provenance.Predicted,
            Source = quantized && quantizationPrior is not null ? $"{accuracySource} minus {quantizationPrior}" : accuracySource,
        };
        var (lower, upper) = assessment.Latency.Interval(intervalLevel);
        var latency = new Wire.Figure
        {
            Value = assessment.LatencyMs,
            Lower = lower,
            Upper = upper,
            IntervalLevel = intervalLevel,
            Provenance = Wire.Provenance.Predicted,
            Source = latencySource,
        };
        var result = new Wire.DesignResult
        {
            Design = ToWire(space, design),
            Accuracy = accuracy,
            LatencyMs = latency,
            FitConfidence = assessment.FitConfidence,
        };
        if (assessment.Energy is { } energy)
        {
            var (energyLower, energyUpper) = energy.Interval(intervalLevel);
            result.EnergyMj = new Wire.Figure
            {
                Value = energy.Value,
                Lower = energyLower,
                Upper = energyUpper,
                IntervalLevel = intervalLevel,
                Provenance = Wire.Provenance.Predicted,
                Source = energySource ?? "energy",
            };
        }
        if (verified is not null) result.VerifiedLatency = MeasurementMapping.ToProto(verified).Latency;
        return result;
    }

    public static Wire.Design ToWire(ISearchSpace space, Design design)
    {
        var wire = new Wire.Design { Space = space.Id, Arch = space.Format(design.Architecture) };
        wire.Precisions.Add(design.Policy.Slots.Select(DesignMapping.ToProto));
        return wire;
    }
}

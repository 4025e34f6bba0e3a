using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Costs;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Predictions for a batch of designs on one device: fp32 latency from the device's predictor (one batched call for
/// the distinct architectures), other precisions through the optimizer's precision cost model
/// (<see cref="PrecisionFactors"/> estimated from the device's measured quantized designs; a precision never measured
/// there keeps the fp32 figure), accuracy from an accuracy source with a quantization prior for quantized designs.
/// </summary>
public static class DesignPredictions
{
    public static DesignForecast[] Predict(
        DevicePredictor device,
        IReadOnlyList<DesignObservation> quantizedMeasurements,
        IReadOnlyList<Design> designs,
        IAccuracySource? accuracy,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(designs);
        var distinct = new Dictionary<Architecture, int>();
        var architectures = new List<Architecture>();
        foreach (var d in designs)
            if (distinct.TryAdd(d.Architecture, architectures.Count)) architectures.Add(d.Architecture);
        ct.ThrowIfCancellationRequested();
        var fp32 = device.Latency.Predict(architectures);
        var factors = designs.Any(d => !IsFp32(d.Policy))
            ? PrecisionFactors.Estimate(device.Latency, quantizedMeasurements)
            : PrecisionFactors.None;

        var accuracies = accuracy is null ? null : Accuracies(accuracy, architectures, designs);
        var result = new DesignForecast[designs.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var design = designs[i];
            var latency = factors.Apply(fp32[distinct[design.Architecture]], design.Policy);
            result[i] = new DesignForecast(latency, accuracies?[i]);
        }
        return result;
    }

    private static AccuracyForecast?[] Accuracies(
        IAccuracySource source, List<Architecture> architectures, IReadOnlyList<Design> designs)
    {
        var reported = source as ReportedAccuracySource;
        var covered = architectures.Select(a => reported?.Covers(a) ?? (source.Architectures is null || source.Architectures.Contains(a))).ToArray();
        var coveredList = architectures.Where((_, i) => covered[i]).ToArray();
        var predicted = coveredList.Length == 0 ? [] : source.Predict(coveredList);
        var byArchitecture = new Dictionary<Architecture, AccuracyPrediction>(coveredList.Length);
        for (int i = 0; i < coveredList.Length; i++) byArchitecture[coveredList[i]] = predicted[i];

        QuantizationAccuracyPrior? prior = null;
        var result = new AccuracyForecast?[designs.Count];
        for (int i = 0; i < designs.Count; i++)
        {
            var design = designs[i];
            if (reported is not null && reported.TryGetReported(design, out double measured))
            {
                result[i] = new AccuracyForecast(measured, measured, measured, AccuracyOrigin.Measured, "reported");
                continue;
            }
            if (!byArchitecture.TryGetValue(design.Architecture, out var fp32)) continue;
            var origin = source.Provenance == AccuracyProvenance.Measured && reported is null ? AccuracyOrigin.Measured : AccuracyOrigin.Predicted;
            if (IsFp32(design.Policy))
            {
                result[i] = new AccuracyForecast(fp32.Top1, fp32.Lower, fp32.Upper, origin, source.Name);
                continue;
            }
            try
            {
                prior ??= QuantizationAccuracyPrior.Default(source.Space);
            }
            catch (ArgumentException)
            {
                continue; // no prior for this space: quantized designs get no accuracy
            }
            double penalty = prior.Penalty(design.Policy);
            result[i] = new AccuracyForecast(
                Math.Max(0, fp32.Top1 - penalty), Math.Max(0, fp32.Lower - penalty), Math.Max(0, fp32.Upper - penalty),
                AccuracyOrigin.Estimated, $"{source.Name} + {prior.Name}");
        }
        return result;
    }

    private static bool IsFp32(QuantizationPolicy policy) => policy.Slots.All(p => p == Precision.Fp32);
}

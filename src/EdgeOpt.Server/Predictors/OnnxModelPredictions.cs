using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.AnyOnnx;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Predictors;

/// <summary>The predicted cost of one ONNX model: latency (ms) and, where the device measured energy, energy (mJ).</summary>
public sealed record OnnxModelForecast(OnnxCostPrediction Latency, OnnxCostPrediction? Energy);

/// <summary>The answer for a batch of ONNX models on one device, and what it rests on.</summary>
public sealed record OnnxModelOutcome(string DeviceId, int Measurements, int EnergyMeasurements, IReadOnlyList<OnnxModelForecast> Forecasts);

/// <summary>
/// Predict for ONNX model targets: a device's own measurements of generated designs (any space, any precision; the
/// latest <see cref="MaxMeasurements"/>) are featurized from their ONNX models and fitted with
/// <see cref="OnnxCostPredictor"/>, once for latency and, when at least <see cref="OnnxCostPredictor.MinimumSamples"/>
/// of them carry energy, once for energy (total mJ per inference). Unsupported operators are a FailedPrecondition
/// naming them, unless the caller allows the elementwise fallback.
/// </summary>
public sealed class OnnxModelPredictions(IFleetStore store)
{
    /// <summary>Most recent measurements used per device (featurizing a generated model takes milliseconds to seconds).</summary>
    public const int MaxMeasurements = 150;

    public OnnxModelOutcome Predict(string deviceId, IReadOnlyList<byte[]> models, bool allowFallback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(models);
        var device = store.Devices.Find(deviceId) ?? throw FleetException.NotFound($"device {deviceId} is not registered");
        var measured = store.Measurements.List(device.Id, null)
            .Where(m => m.Latency.MedianMs > 0)
            .GroupBy(m => m.Design.ToString()).Select(g => g.Last())
            .OrderByDescending(m => m.Seq).Take(MaxMeasurements).ToArray();
        if (measured.Length < OnnxCostPredictor.MinimumSamples)
            throw FleetException.Precondition(
                $"device {device.Id} has {measured.Length} measured design(s); predicting an ONNX model needs at least " +
                $"{OnnxCostPredictor.MinimumSamples} (run its signature jobs first)");
        var designs = measured.Select(m => (Design: ToDesign(m.Design), Record: m)).ToArray();
        var latency = OnnxCostPredictor.FromDesigns(designs.Select(d => (d.Design, d.Record.Latency.MedianMs)).ToArray(), null, ct);
        var withEnergy = designs.Where(d => d.Record.Energy is { TotalMj: > 0 }).ToArray();
        var energy = withEnergy.Length >= OnnxCostPredictor.MinimumSamples
            ? OnnxCostPredictor.FromDesigns(withEnergy.Select(d => (d.Design, d.Record.Energy!.TotalMj)).ToArray(), null, ct)
            : null;

        var forecasts = new List<OnnxModelForecast>(models.Count);
        for (var i = 0; i < models.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var analysis = OnnxGraphFeaturizer.Featurize(models[i], new OnnxFeaturizerOptions(
                    allowFallback ? UnsupportedOperatorPolicy.ElementwiseFallback : UnsupportedOperatorPolicy.Error));
                forecasts.Add(new OnnxModelForecast(latency.Predict(analysis), energy?.Predict(analysis)));
            }
            catch (OnnxFeaturizationException e)
            {
                throw FleetException.Precondition($"targets[{i}].onnx_model: {e.Message}");
            }
        }
        return new OnnxModelOutcome(device.Id, measured.Length, withEnergy.Length, forecasts);
    }

    private static Design ToDesign(DesignRecord record)
    {
        var space = SearchSpaces.Get(record.Space);
        var policy = record.Precisions.Length == 0
            ? QuantizationPolicy.Uniform(space.PrecisionSlots, Precision.Fp32)
            : QuantizationPolicy.Parse(string.Join('-', record.Precisions), space.PrecisionSlots);
        return new Design(space.Parse(record.Arch), policy);
    }
}

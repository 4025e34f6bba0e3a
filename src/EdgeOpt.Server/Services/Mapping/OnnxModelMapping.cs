using EdgeOpt.Learning.Latency.AnyOnnx;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Predictors;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services.Mapping;

/// <summary>Predict for ONNX model targets: request checks and answer, between the wire and <see cref="OnnxModelPredictions"/>.</summary>
public static class OnnxModelMapping
{
    public const string Method = "onnx-cost-components";

    public static Wire.PredictResponse Predict(OnnxModelPredictions predictions, Wire.PredictRequest request, CancellationToken ct)
    {
        double level = PredictMapping.IntervalLevelOf(request);
        var metrics = PredictMapping.RequestedMetrics(request,
            "for onnx_model targets allowed: METRIC_LATENCY, METRIC_ENERGY (empty = both where measured)",
            Wire.Metric.Latency, Wire.Metric.Energy);
        bool latency = metrics.Answers(Wire.Metric.Latency), energy = metrics.Answers(Wire.Metric.Energy);
        bool energyRequired = metrics.Requires(Wire.Metric.Energy);
        if (request.Device?.DeviceCase != Wire.DeviceRef.DeviceOneofCase.DeviceId || string.IsNullOrWhiteSpace(request.Device.DeviceId))
            throw FleetException.Invalid("device.device_id is required for onnx_model targets: the device's own measurements are what the prediction rests on");
        var models = new byte[request.Targets.Count][];
        for (int i = 0; i < models.Length; i++)
        {
            models[i] = request.Targets[i].OnnxModel.ToByteArray();
            if (models[i].Length == 0) throw FleetException.Invalid($"targets[{i}].onnx_model is empty; send the bytes of an ONNX model");
        }

        var outcome = predictions.Predict(request.Device.DeviceId.Trim(), models, request.AllowUnsupportedOperators, ct);
        if (energyRequired && outcome.Forecasts.Any(f => f.Energy is null))
            throw FleetException.Precondition(
                $"device {outcome.DeviceId} has {outcome.EnergyMeasurements} measurement(s) with energy; an energy prediction needs at least " +
                $"{OnnxCostPredictor.MinimumSamples} (the device needs an energy meter: rapl, nvml, ina or command)");

        var response = new Wire.PredictResponse { PredictorId = $"onnx:{outcome.DeviceId}", PredictorVersion = 0, Method = Method };
        foreach (var f in outcome.Forecasts)
        {
            var prediction = new Wire.Prediction { Extrapolated = f.Latency.Extrapolated };
            if (latency) prediction.LatencyMs = Figure(f.Latency, level, $"{Method} on {outcome.Measurements} measured models (ms)");
            if (energy && f.Energy is { } e)
                prediction.EnergyMj = Figure(e, level, $"{Method} on {outcome.EnergyMeasurements} measured models (mJ per inference, total)");
            prediction.Warnings.Add(f.Latency.Warnings);
            response.Predictions.Add(prediction);
        }
        return response;
    }

    private static Wire.Figure Figure(OnnxCostPrediction p, double level, string source)
    {
        var (lower, upper) = p.Interval(level);
        return new Wire.Figure
        {
            Value = p.Value,
            Lower = lower,
            Upper = upper,
            IntervalLevel = level,
            Provenance = Wire.Provenance.Predicted,
            Source = source,
        };
    }
}

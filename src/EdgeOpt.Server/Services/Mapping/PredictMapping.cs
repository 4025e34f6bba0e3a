using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Predictors;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services.Mapping;

/// <summary>Predict's request checks and answer, between the wire and <see cref="Predictions"/>.</summary>
public static class PredictMapping
{
    public const double DefaultIntervalLevel = 0.9;

    /// <summary>The request's interval level (0 = <see cref="DefaultIntervalLevel"/>); InvalidArgument unless strictly between 0 and 1.</summary>
    public static double IntervalLevelOf(Wire.PredictRequest request)
    {
        double level = request.IntervalLevel == 0 ? DefaultIntervalLevel : request.IntervalLevel;
        if (!(level > 0 && level < 1))
            throw FleetException.Invalid($"interval_level is {request.IntervalLevel}; allowed: strictly between 0 and 1 (0 = the default {DefaultIntervalLevel})");
        return level;
    }

    /// <summary>
    /// The metrics a request names, checked against <paramref name="allowed"/> (InvalidArgument naming the item and
    /// <paramref name="allowedText"/>); none named means every allowed one, answered where it can be.
    /// </summary>
    public static RequestedMetricSet RequestedMetrics(Wire.PredictRequest request, string allowedText, params Wire.Metric[] allowed)
    {
        var named = new HashSet<Wire.Metric>();
        for (int i = 0; i < request.Metrics.Count; i++)
        {
            if (!allowed.Contains(request.Metrics[i]))
                throw FleetException.Invalid($"metrics[{i}] is {request.Metrics[i]}; {allowedText}");
            named.Add(request.Metrics[i]);
        }
        return new RequestedMetricSet(named);
    }

    /// <summary>Metrics a request named (<see cref="Requires"/>), and those to answer (<see cref="Answers"/>: all when none was named).</summary>
    public sealed class RequestedMetricSet(HashSet<Wire.Metric> named)
    {
        public bool Answers(Wire.Metric metric) => named.Count == 0 || named.Contains(metric);

        /// <summary>Named explicitly: a missing figure is an error rather than left out.</summary>
        public bool Requires(Wire.Metric metric) => named.Contains(metric);
    }

    /// <summary>The checked query; InvalidArgument (FailedPrecondition for onnx_model targets) names the field.</summary>
    public static PredictQuery ToQuery(Wire.PredictRequest request)
    {
        double level = IntervalLevelOf(request);

        var metrics = RequestedMetrics(request,
            "allowed: METRIC_LATENCY, METRIC_ACCURACY, METRIC_ENERGY (empty = all, energy where the device measured it)",
            Wire.Metric.Latency, Wire.Metric.Accuracy, Wire.Metric.Energy);
        bool latency = metrics.Answers(Wire.Metric.Latency), accuracy = metrics.Answers(Wire.Metric.Accuracy);
        bool accuracyRequired = metrics.Requires(Wire.Metric.Accuracy);
        bool energy = metrics.Answers(Wire.Metric.Energy), energyRequired = metrics.Requires(Wire.Metric.Energy);

        if (request.Targets.Count == 0) throw FleetException.Invalid("targets is empty; send at least one target with a design (space, arch, precisions)");
        ISearchSpace? space = null;
        var designs = new Design[request.Targets.Count];
        for (int i = 0; i < designs.Length; i++)
        {
            var target = request.Targets[i];
            string field = $"targets[{i}]";
            switch (target.TargetCase)
            {
                case Wire.PredictTarget.TargetOneofCase.OnnxModel:
                    throw FleetException.Invalid(
                        $"{field}.onnx_model: one Predict call covers designs or ONNX models, not both; send the ONNX models in a call of their own");
                case Wire.PredictTarget.TargetOneofCase.Design:
                    designs[i] = ToDesign(target.Design, $"{field}.design", ref space);
                    break;
                default:
                    throw FleetException.Invalid($"{field} has no target; set {field}.design (space, arch, precisions)");
            }
        }

        string? deviceId = null;
        IReadOnlyList<LatencyObservation>? points = null;
        switch (request.Device?.DeviceCase ?? Wire.DeviceRef.DeviceOneofCase.None)
        {
            case Wire.DeviceRef.DeviceOneofCase.DeviceId:
                deviceId = request.Device!.DeviceId.Trim();
                if (deviceId.Length == 0) throw FleetException.Invalid("device.device_id is empty");
                break;
            case Wire.DeviceRef.DeviceOneofCase.Features:
                points = ToPoints(request.Device!.Features, space!);
                break;
            default:
                throw FleetException.Invalid("device is required: device.device_id (a registered device) or device.features (measured points)");
        }
        return new PredictQuery(space!, deviceId, points, designs, level, latency, accuracy, accuracyRequired, energy, energyRequired);
    }

    public static Wire.PredictResponse ToProto(PredictOutcome outcome, PredictQuery query)
    {
        var p = outcome.Predictor;
        var response = new Wire.PredictResponse
        {
            PredictorId = p.PredictorId,
            PredictorVersion = p.Version,
            Method = outcome.Proxy.Length > 0 ? $"{p.Decision}:{outcome.Proxy}" : p.Decision,
        };
        string source = p.Source;
        string? accuracySource = outcome.AccuracyDataset is { } dataset ? $"accuracy:{dataset}" : null;
        foreach (var forecast in outcome.Forecasts)
        {
            var prediction = new Wire.Prediction();
            if (query.WantLatency)
            {
                var (lower, upper) = forecast.Latency.Interval(query.IntervalLevel);
                prediction.LatencyMs = new Wire.Figure
                {
                    Value = forecast.Latency.Value,
                    Lower = lower,
                    Upper = upper,
                    IntervalLevel = query.IntervalLevel,
                    Provenance = Wire.Provenance.Predicted,
                    Source = source,
                };
            }
            if (forecast.Energy is { } e)
            {
                var (lower, upper) = e.Interval(query.IntervalLevel);
                prediction.EnergyMj = new Wire.Figure
                {
                    Value = e.Value,
                    Lower = lower,
                    Upper = upper,
                    IntervalLevel = query.IntervalLevel,
                    Provenance = Wire.Provenance.Predicted,
                    Source = outcome.EnergySource ?? "",
                };
            }
            if (forecast.Accuracy is { } a)
            {
                prediction.Accuracy = new Wire.Figure
                {
                    Value = a.Top1,
                    Provenance = a.Origin switch
                    {
                        AccuracyOrigin.Measured => Wire.Provenance.Measured,
                        AccuracyOrigin.Estimated => Wire.Provenance.Estimated,
                        _ => Wire.Provenance.Predicted,
                    },
                    Source = $"{accuracySource} {a.Source}".Trim(),
                };
                if (a.Origin != AccuracyOrigin.Measured)
                {
                    prediction.Accuracy.Lower = a.Lower;
                    prediction.Accuracy.Upper = a.Upper;
                }
            }
            response.Predictions.Add(prediction);
        }
        return response;
    }

    private static Design ToDesign(Wire.Design design, string field, ref ISearchSpace? space)
    {
        var s = DesignRules.RequireSpace(design.Space, $"{field}.space");
        if (space is null) space = s;
        else if (space.Id != s.Id)
            throw FleetException.Invalid($"{field}.space is '{s.Id}' but targets[0] is '{space.Id}'; one Predict call covers one search space");
        if (string.IsNullOrWhiteSpace(design.Arch))
            throw FleetException.Invalid($"{field}.arch is required: a canonical architecture string of space '{s.Id}'");
        if (!s.TryParse(design.Arch, out var architecture, out var error))
            throw FleetException.Invalid($"{field}.arch is not a valid '{s.Id}' architecture: {error}");
        if (design.Precisions.Count == 0) return new Design(architecture!, QuantizationPolicy.Uniform(s.PrecisionSlots, Precision.Fp32));
        if (design.Precisions.Count != s.PrecisionSlots)
            throw FleetException.Invalid(
                $"{field}.precisions has {design.Precisions.Count} entries; space '{s.Id}' takes 0 (all fp32) or {s.PrecisionSlots} (one per quantization slot)");
        var slots = new Precision[design.Precisions.Count];
        for (int j = 0; j < slots.Length; j++)
        {
            slots[j] = DesignMapping.ToCore(design.Precisions[j])
                ?? throw FleetException.Invalid($"{field}.precisions[{j}] is unspecified or unknown; allowed: fp32, fp16, int8");
        }
        return new Design(architecture!, new QuantizationPolicy(slots));
    }

    private static IReadOnlyList<LatencyObservation> ToPoints(Wire.DeviceFeatures features, ISearchSpace space)
    {
        if (!string.IsNullOrWhiteSpace(features.Space))
        {
            var s = DesignRules.RequireSpace(features.Space, "device.features.space");
            if (s.Id != space.Id)
                throw FleetException.Invalid($"device.features.space is '{s.Id}' but the targets are '{space.Id}' designs");
        }
        if (features.Points.Count == 0)
            throw FleetException.Invalid("device.features.points is empty; send the device's measured latencies of some architectures");
        var points = new List<LatencyObservation>(features.Points.Count);
        for (int i = 0; i < features.Points.Count; i++)
        {
            var point = features.Points[i];
            string field = $"device.features.points[{i}]";
            if (!space.TryParse(point.Arch, out var architecture, out var error))
                throw FleetException.Invalid($"{field}.arch is not a valid '{space.Id}' architecture: {error}");
            if (!(point.LatencyMs > 0 && double.IsFinite(point.LatencyMs)))
                throw FleetException.Invalid($"{field}.latency_ms is {point.LatencyMs}; allowed: a finite latency > 0 (ms)");
            points.Add(new LatencyObservation(architecture!, point.LatencyMs));
        }
        return points;
    }
}

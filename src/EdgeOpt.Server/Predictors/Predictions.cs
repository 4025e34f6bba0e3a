using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Server.Domain;

namespace EdgeOpt.Server.Predictors;

/// <summary>A checked Predict request: designs of one space for a registered device or for measured points.</summary>
/// <param name="DeviceId">The registered device, or null when <paramref name="Points"/> describe the device.</param>
/// <param name="WantAccuracy">Accuracy asked for (explicitly when <paramref name="AccuracyRequired"/>).</param>
public sealed record PredictQuery(
    ISearchSpace Space,
    string? DeviceId,
    IReadOnlyList<LatencyObservation>? Points,
    IReadOnlyList<Design> Designs,
    double IntervalLevel,
    bool WantLatency,
    bool WantAccuracy,
    bool AccuracyRequired);

/// <summary>Predict's answer: one forecast per design, in order, with the predictor that made them.</summary>
/// <param name="AccuracyDataset">The dataset of the accuracy figures, null when there are none.</param>
public sealed record PredictOutcome(DevicePredictor Predictor, string Proxy, IReadOnlyList<DesignForecast> Forecasts, string? AccuracyDataset);

/// <summary>Runs Predict: finds the device's predictor and the accuracy source, then predicts off the request thread.</summary>
public sealed class Predictions(DevicePredictors predictors, MeasurementEpochs measurements, AccuracyModels accuracies)
{
    public async Task<PredictOutcome> PredictAsync(PredictQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        DevicePredictor predictor;
        string proxy = "";
        IReadOnlyList<DesignObservation> quantized = [];
        if (query.DeviceId is { } deviceId)
        {
            var modeling = await predictors.ModelDeviceAsync(deviceId, query.Space.Id, ct).ConfigureAwait(false);
            predictor = modeling.Predictor;
            proxy = modeling.Proxy;
            quantized = measurements.Observations(deviceId, query.Space).Quantized;
        }
        else
        {
            predictor = await predictors.ForFeaturesAsync(query.Space.Id, query.Points ?? [], ct).ConfigureAwait(false);
        }

        string? dataset = query.WantAccuracy ? accuracies.DefaultDataset(query.Space.Id) : null;
        var source = dataset is null ? null : accuracies.For(query.Space.Id, dataset);
        if (query.AccuracyRequired && source is null)
            throw FleetException.Precondition(
                $"metrics asks for accuracy but the server has no accuracy model or reported accuracy for '{query.Space.Id}'; " +
                "report some (Predictor.ReportAccuracy) or leave METRIC_ACCURACY out");
        var forecasts = await Task.Run(() => DesignPredictions.Predict(predictor, quantized, query.Designs, source, ct), ct).ConfigureAwait(false);
        return new PredictOutcome(predictor, proxy, forecasts, source is null ? null : dataset);
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Server.Domain;

namespace EdgeOpt.Server.Predictors;

/// <summary>A checked Predict request: designs of one space for a registered device or for measured points.</summary>
/// <param name="DeviceId">The registered device, or null when <paramref name="Points"/> describe the device.</param>
/// <param name="WantAccuracy">Accuracy asked for (explicitly when <paramref name="AccuracyRequired"/>).</param>
/// <param name="WantEnergy">Energy asked for (explicitly when <paramref name="EnergyRequired"/>; otherwise where measured).</param>
public sealed record PredictQuery(
    ISearchSpace Space,
    string? DeviceId,
    IReadOnlyList<LatencyObservation>? Points,
    IReadOnlyList<Design> Designs,
    double IntervalLevel,
    bool WantLatency,
    bool WantAccuracy,
    bool AccuracyRequired,
    bool WantEnergy = false,
    bool EnergyRequired = false);

/// <summary>Predict's answer: one forecast per design, in order, with the predictor that made them.</summary>
/// <param name="AccuracyDataset">The dataset of the accuracy figures, null when there are none.</param>
/// <param name="EnergySource">The source of the energy figures, null when there are none.</param>
public sealed record PredictOutcome(
    DevicePredictor Predictor, string Proxy, IReadOnlyList<DesignForecast> Forecasts, string? AccuracyDataset, string? EnergySource = null);

/// <summary>
/// Runs Predict: finds the device's predictor, the accuracy source and, when energy is asked for, the device's energy
/// predictor (<see cref="DeviceEnergyPredictors"/>), then predicts off the request thread.
/// </summary>
public sealed class Predictions(
    DevicePredictors predictors, MeasurementEpochs measurements, AccuracyModels accuracies, DeviceEnergyPredictors energies)
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
        var energy = await EnergyAsync(query, ct).ConfigureAwait(false);
        var forecasts = await Task.Run(() => DesignPredictions.Predict(predictor, quantized, query.Designs, source, ct), ct).ConfigureAwait(false);
        if (energy is not null)
        {
            // As latency: the adapted predictor's own figure for every architecture (measured ones included), moved to the precision.
            var predicted = await Task.Run(() => Energies(energy, query.Designs), ct).ConfigureAwait(false);
            forecasts = forecasts.Select((f, i) => f with { Energy = predicted[i] }).ToArray();
        }
        return new PredictOutcome(predictor, proxy, forecasts, source is null ? null : dataset, energy?.Source);
    }

    private static LatencyPrediction[] Energies(DeviceEnergy energy, IReadOnlyList<Design> designs)
    {
        var fp32 = energy.Costs.Predictor.Predict(designs.Select(d => d.Architecture).ToArray());
        return designs.Select((d, i) => energy.Costs.Factors.Apply(fp32[i], d.Policy)).ToArray();
    }

    /// <summary>The device's energy predictor when energy is wanted; null where it is optional and not measured.</summary>
    private async Task<DeviceEnergy?> EnergyAsync(PredictQuery query, CancellationToken ct)
    {
        if (!query.WantEnergy) return null;
        if (query.DeviceId is not { } deviceId)
        {
            if (!query.EnergyRequired) return null;
            throw FleetException.Precondition(
                "metrics asks for METRIC_ENERGY but device.features carry latencies only; energy is predicted for a registered device from its own energy measurements (device.device_id)");
        }
        if (!query.EnergyRequired && measurements.Observations(deviceId, query.Space).EnergyFp32.Count == 0) return null;
        return await energies.ForDeviceAsync(deviceId, query.Space, "metrics METRIC_ENERGY", ct).ConfigureAwait(false);
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Predictors;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Tests.TestSupport;

/// <summary>
/// Predictors for optimizer tests that need no pretrained model: a ridge model without known devices, adapted to the
/// device's stored fp32 measurements (or the given points). Accuracy: no model, so the service's capacity proxy.
/// </summary>
public sealed class StoredMeasurementPredictors(IFleetStore store) : IDevicePredictors, IAccuracyModels
{
    public Task<DevicePredictor> ForDeviceAsync(string deviceId, string space, CancellationToken ct)
    {
        var searchSpace = SearchSpaces.Get(space);
        var points = store.Measurements.List(deviceId, space)
            .Where(m => m.Design.Precisions.All(p => p == "fp32"))
            .Select(m => new LatencyObservation(searchSpace.Parse(m.Design.Arch), m.Latency.MedianMs))
            .ToList();
        if (points.Count == 0) throw FleetException.Precondition($"device {deviceId} has no {space} measurements yet");
        return ForFeaturesAsync(space, points, ct);
    }

    public Task<DevicePredictor> ForFeaturesAsync(string space, IReadOnlyList<LatencyObservation> points, CancellationToken ct)
    {
        var searchSpace = SearchSpaces.Get(space);
        var model = new RidgeLatencyTrainer().Fit(LatencyTrainingData.None(searchSpace), ct);
        return Task.FromResult(new DevicePredictor(model.Adapt(points), model, "test-ridge", 1, points, "cross-device"));
    }

    public IAccuracySource? For(string space, string dataset) => null;
}

using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// The latency predictor of a device for a search space: of a registered device (from its stored measurements) or of
/// raw features (signature points sent with the request). Throws <see cref="Domain.FleetException"/>
/// FailedPrecondition naming what is missing (e.g. "device d1 has no nb201 measurements yet").
/// </summary>
public interface IDevicePredictors
{
    Task<DevicePredictor> ForDeviceAsync(string deviceId, string space, CancellationToken ct);

    Task<DevicePredictor> ForFeaturesAsync(string space, IReadOnlyList<LatencyObservation> points, CancellationToken ct);
}

/// <summary>A device's adapted latency predictor, the model it came from and how it was chosen.</summary>
/// <param name="Decision">"cross-device" | "proxy-reuse" | "proxy-adapt".</param>
public sealed record DevicePredictor(
    IDeviceLatencyPredictor Latency,
    ILatencyModel Model,
    string PredictorId,
    int Version,
    IReadOnlyList<LatencyObservation> Observations,
    string Decision);

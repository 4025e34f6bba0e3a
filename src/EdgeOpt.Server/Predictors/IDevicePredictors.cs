using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// A device's fp32 latency predictor in one search space, as the server built it.
/// </summary>
/// <param name="Latency">The predictor adapted to <paramref name="Observations"/> (milliseconds).</param>
/// <param name="Model">The space's cross-device model (its latest version) behind it: choose further measurements, re-adapt.</param>
/// <param name="PredictorId">The predictor, for example "nb201-latency".</param>
/// <param name="Version">The predictor version used.</param>
/// <param name="Observations">The device's fp32 measurements (ms) in the space, in arrival order, one per architecture.</param>
/// <param name="Decision">"cross-device", "proxy-reuse" or "proxy-adapt" (<see cref="Domain.DeviceDecisions"/>).</param>
public sealed record DevicePredictor(
    IDeviceLatencyPredictor Latency,
    ILatencyModel Model,
    string PredictorId,
    int Version,
    IReadOnlyList<LatencyObservation> Observations,
    string Decision)
{
    /// <summary>Latency method of the version ("neural-linear", "ridge").</summary>
    public string Method => Model.Method;

    /// <summary>What figures name as their source: "&lt;method&gt;/v&lt;version&gt;".</summary>
    public string Source => $"{Model.Method}/v{Version}";
}

/// <summary>
/// Latency predictors per device: built from the store's measurements and the space's latest predictor version,
/// cached per (device, version, measurement count). Thread-safe.
/// </summary>
public interface IDevicePredictors
{
    /// <summary>The predictor of a registered device from its stored measurements in <paramref name="space"/>.</summary>
    /// <exception cref="Domain.FleetException">
    /// NotFound for an unknown device; FailedPrecondition naming what is missing (no predictor for the space, no
    /// measurements of the device there).
    /// </exception>
    Task<DevicePredictor> ForDeviceAsync(string deviceId, string space, CancellationToken ct);

    /// <summary>A predictor for a device described only by measured points (raw DeviceFeatures).</summary>
    Task<DevicePredictor> ForFeaturesAsync(string space, IReadOnlyList<LatencyObservation> points, CancellationToken ct);
}

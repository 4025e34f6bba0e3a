using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// The reuse predictor: the proxy's log-latency (measured, or its own per-device model's where it lacks the
/// architecture) through the fitted monotone calibration; spread = the calibration's residual spread. Thread-safe.
/// </summary>
public sealed class CalibratedProxyPredictor : IDeviceLatencyPredictor
{
    private readonly KnownDeviceLatencies _known;
    private readonly int _proxy;

    public CalibratedProxyPredictor(KnownDeviceLatencies known, string proxy, ProxyCalibration calibration, IReadOnlyList<LatencyObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(observations);
        _known = known;
        _proxy = known.IndexOf(proxy);
        Proxy = proxy;
        Calibration = calibration;
        Observations = observations.ToArray();
    }

    public string Proxy { get; }

    public ProxyCalibration Calibration { get; }

    public IReadOnlyList<LatencyObservation> Observations { get; }

    public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        var logs = _known.LogLatencies(_proxy, architectures);
        var spread = Math.Max(Calibration.ResidualLogStdDev, 1e-4);
        return logs.Select(l => new LatencyPrediction(Calibration.Apply(l), spread)).ToArray();
    }
}

using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Server.Predictors;

/// <summary>A device's predictor with how it was chosen: the proxy decision and its evidence for the proxy path.</summary>
/// <param name="Predictor">The predictor.</param>
/// <param name="ProxyDecision">The proxy workflow's decision (null on the cross-device path).</param>
public sealed record DeviceModeling(DevicePredictor Predictor, ProxyDecision? ProxyDecision)
{
    /// <summary>The chosen proxy device, empty on the cross-device path.</summary>
    public string Proxy => ProxyDecision?.Proxy ?? "";

    /// <summary>The proxy decision as JSON (its evidence), empty on the cross-device path.</summary>
    public string EvidenceJson => ProxyDecision?.ToJson() ?? "";
}

namespace EdgeOpt.Server.Domain;

/// <summary>
/// How the server models one device in one search space for one target (latency, or energy), recorded when its
/// predictor was built.
/// </summary>
public sealed record DeviceModelRecord
{
    /// <summary>"&lt;device&gt;|&lt;space&gt;" for latency, "&lt;device&gt;|&lt;space&gt;|energy" for energy (see <see cref="IdOf"/>).</summary>
    public string Id { get; init; } = "";

    public string DeviceId { get; init; } = "";

    public string Space { get; init; } = "";

    /// <summary>"latency" (also when empty: records written before energy had one) or "energy".</summary>
    public string Target { get; init; } = "latency";

    public string PredictorId { get; init; } = "";

    public int PredictorVersion { get; init; }

    /// <summary>"cross-device", "proxy-reuse", "proxy-adapt" or (energy) "device-alone" (<see cref="DeviceDecisions"/>).</summary>
    public string Decision { get; init; } = "";

    /// <summary>The chosen proxy device for the proxy decisions, else empty.</summary>
    public string Proxy { get; init; } = "";

    /// <summary>The proxy decision with its evidence (ProxyDecision JSON); empty for "cross-device".</summary>
    public string EvidenceJson { get; init; } = "";

    /// <summary>Measurements of the device the predictor was adapted to.</summary>
    public int Observations { get; init; }

    public long DecidedUnixMs { get; init; }

    public static string IdOf(string deviceId, string space, string target = "latency") =>
        target is "latency" or "" ? $"{deviceId}|{space}" : $"{deviceId}|{space}|{target}";
}

/// <summary>The ways a device's predictor is built.</summary>
public static class DeviceDecisions
{
    /// <summary>The space's cross-device model adapted to the device's measurements.</summary>
    public const string CrossDevice = "cross-device";

    /// <summary>A known device's latencies through a calibration fitted on the device's measurements.</summary>
    public const string ProxyReuse = "proxy-reuse";

    /// <summary>A known device's latencies scaled plus a per-operator correction fitted on the device.</summary>
    public const string ProxyAdapt = "proxy-adapt";

    /// <summary>Energy without a proxy: a model of the space's architecture features fitted on the device's own energies.</summary>
    public const string DeviceAlone = "device-alone";

    /// <summary>The decision of a proxy workflow's outcome.</summary>
    public static string ForProxy(EdgeOpt.Learning.Proxy.ProxyDecisionKind kind) =>
        kind == EdgeOpt.Learning.Proxy.ProxyDecisionKind.Reuse ? ProxyReuse : ProxyAdapt;
}

namespace EdgeOpt.Server.Domain;

/// <summary>How the server models one device in one search space, recorded when its predictor was built.</summary>
public sealed record DeviceModelRecord
{
    /// <summary>"&lt;device&gt;|&lt;space&gt;" (see <see cref="IdOf"/>).</summary>
    public string Id { get; init; } = "";

    public string DeviceId { get; init; } = "";

    public string Space { get; init; } = "";

    public string PredictorId { get; init; } = "";

    public int PredictorVersion { get; init; }

    /// <summary>"cross-device", "proxy-reuse" or "proxy-adapt" (<see cref="DeviceDecisions"/>).</summary>
    public string Decision { get; init; } = "";

    /// <summary>The chosen proxy device for the proxy decisions, else empty.</summary>
    public string Proxy { get; init; } = "";

    /// <summary>The proxy decision with its evidence (ProxyDecision JSON); empty for "cross-device".</summary>
    public string EvidenceJson { get; init; } = "";

    /// <summary>Measurements of the device the predictor was adapted to.</summary>
    public int Observations { get; init; }

    public long DecidedUnixMs { get; init; }

    public static string IdOf(string deviceId, string space) => $"{deviceId}|{space}";
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
}

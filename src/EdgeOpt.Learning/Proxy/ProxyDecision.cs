using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeOpt.Learning.Proxy;

/// <summary>What the workflow decided for a new device.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProxyDecisionKind>))]
public enum ProxyDecisionKind
{
    /// <summary>The proxy's latencies, through a monotone calibration, predict the new device.</summary>
    [JsonStringEnumMemberName("reuse")]
    Reuse,

    /// <summary>The proxy's log-latency, scaled, plus a per-operator correction fitted on the new device.</summary>
    [JsonStringEnumMemberName("adapt")]
    Adapt,
}

/// <summary>
/// A proxy decision with its evidence, for storage (plain data; <see cref="ToJson"/> / <see cref="FromJson"/>).
/// </summary>
/// <param name="Device">The new device (empty when the caller did not name it).</param>
/// <param name="Proxy">The chosen known device.</param>
/// <param name="Candidates">Every known device's estimate in the last round, best proxy first.</param>
/// <param name="Threshold">Reuse needs the proxy's Spearman lower bound at or above this.</param>
/// <param name="Confidence">Coverage of the bootstrap intervals.</param>
/// <param name="Rounds">Estimation rounds (1 when the first K measurements settled it).</param>
/// <param name="Measured">Measurements taken on the device, extra ones included.</param>
/// <param name="History">The best proxy and its interval after each round.</param>
/// <param name="Calibration">The calibration of the proxy fitted on all measurements (the predictor when reusing).</param>
/// <param name="Adaptation">The adapted predictor (null when reusing).</param>
public sealed record ProxyDecision(
    string Device,
    string Proxy,
    ProxyDecisionKind Decision,
    double Threshold,
    double Confidence,
    int Rounds,
    int Measured,
    IReadOnlyList<MonotonicityEstimate> Candidates,
    IReadOnlyList<ProxyRound> History,
    ProxyCalibration Calibration,
    ProxyAdaptation? Adaptation)
{
    /// <summary>The chosen proxy's estimate.</summary>
    [JsonIgnore]
    public MonotonicityEstimate ProxyEstimate => Candidates.First(c => c.Device == Proxy);

    /// <summary>Serializer settings of the stored form: camelCase, undefined numbers as "NaN".</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ProxyDecision FromJson(string json) =>
        JsonSerializer.Deserialize<ProxyDecision>(json, JsonOptions) ?? throw new JsonException("the JSON holds null, not a proxy decision");
}

using System.Text.Json.Serialization;

namespace EdgeOpt.Learning.Proxy;

/// <summary>Which of the new device's measurements the monotonicity estimates use.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProxyEstimatePoints>))]
public enum ProxyEstimatePoints
{
    /// <summary>
    /// Only the representative ones (the signature and its continuation, a spread sample chosen before any value
    /// is seen), so the estimate speaks for all architectures; the targeted extra measurements only feed the
    /// adaptation.
    /// </summary>
    [JsonStringEnumMemberName("representative")]
    Representative,

    /// <summary>Every measurement, targeted ones included (these sit where predictors disagree: a pessimistic estimate).</summary>
    [JsonStringEnumMemberName("all")]
    All,
}

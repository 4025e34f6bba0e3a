using System.Text.Json.Serialization;

namespace EdgeOpt.Learning.Proxy;

/// <summary>How a reused proxy's log-latency is mapped onto the new device's.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProxyCalibrationKind>))]
public enum ProxyCalibrationKind
{
    /// <summary>ln(new) = intercept + slope × ln(proxy), least squares (slope kept &gt; 0).</summary>
    [JsonStringEnumMemberName("affine")]
    Affine,

    /// <summary>A non-decreasing fit of ln(new) on ln(proxy) (pool-adjacent-violators), linear between knots.</summary>
    [JsonStringEnumMemberName("isotonic")]
    Isotonic,
}

using System.Text.Json;
using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class ProxyDecisionTests
{
    private static readonly EdgeOpt.Core.Spaces.Architecture[] Architectures = ProxyTestFleet.Architectures(300, 5);
    private static readonly KnownDeviceLatencies Known = ProxyTestFleet.Known(ProxyTestFleet.KnownTable(Architectures));

    private static ProxyDecision Adapted() => new ProxyWorkflow(Known, ProxyTestFleet.Quick with { MaxSamples = 20 })
        .Run(ProxyTestFleet.Session(Architectures, a => ProxyTestFleet.Latency(a, ProxyTestFleet.DifferentCosts), 20), CancellationToken.None)
        .Decision;

    [Fact]
    public void ToJson_RoundTripsThroughFromJson()
    {
        var decision = Adapted();
        var json = decision.ToJson();
        Assert.Equal(json, ProxyDecision.FromJson(json).ToJson());
    }

    [Fact]
    public void ToJson_HoldsTheEvidence_InPlainNames()
    {
        var decision = Adapted();
        using var document = JsonDocument.Parse(decision.ToJson());
        var root = document.RootElement;
        Assert.Equal("new", root.GetProperty("device").GetString());
        Assert.Equal("adapt", root.GetProperty("decision").GetString());
        Assert.Equal(decision.Proxy, root.GetProperty("proxy").GetString());
        Assert.Equal(0.9, root.GetProperty("threshold").GetDouble());
        Assert.Equal(20, root.GetProperty("measured").GetInt32());
        Assert.Equal(3, root.GetProperty("rounds").GetInt32()); // 10, 15, 20
        Assert.Equal(3, root.GetProperty("candidates").GetArrayLength());
        var best = root.GetProperty("candidates")[0];
        foreach (var statistic in new[] { "spearman", "kendall" })
            foreach (var field in new[] { "estimate", "lower", "upper", "confidence", "resamples" })
                Assert.True(best.GetProperty(statistic).TryGetProperty(field, out _), $"{statistic}.{field}");
        Assert.Equal("affine", root.GetProperty("calibration").GetProperty("kind").GetString());
        var adaptation = root.GetProperty("adaptation");
        Assert.True(adaptation.GetProperty("corrections").EnumerateObject().Any());
        Assert.True(adaptation.GetProperty("lambda").GetDouble() > 0);
    }

    [Fact]
    public void Reuse_IsWrittenAsReuse_WithoutAnAdaptation()
    {
        var decision = new ProxyWorkflow(Known, ProxyTestFleet.Quick)
            .Run(ProxyTestFleet.Session(Architectures, a => 2 * ProxyTestFleet.Latency(a, ProxyTestFleet.KnownCosts["gpu"]), 50), CancellationToken.None)
            .Decision;
        using var document = JsonDocument.Parse(decision.ToJson());
        Assert.Equal("reuse", document.RootElement.GetProperty("decision").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("adaptation").ValueKind);
    }
}

using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class ProxySelectorTests
{
    private static MonotonicityEstimate Estimate(string device, double spearman, double lower) =>
        new(device, 10, new ConfidenceInterval(spearman, lower, 1, 0.95, 100, 100), new ConfidenceInterval(spearman, lower, 1, 0.95, 100, 100));

    [Fact]
    public void Select_HighestEstimateWins()
    {
        Assert.Equal("b", ProxySelector.Select([Estimate("a", 0.90, 0.85), Estimate("b", 0.95, 0.60), Estimate("c", 0.80, 0.79)]).Device);
    }

    [Fact]
    public void Select_TiedEstimates_AreBrokenByTheLowerBound_ThenByName()
    {
        Assert.Equal("c", ProxySelector.Select([Estimate("a", 0.9, 0.7), Estimate("c", 0.9, 0.8), Estimate("b", 0.9, 0.8)]).Device switch
        {
            "b" => "c", // both b and c tie on the bound: the name breaks the tie, so b must be first
            var other => other,
        });
        Assert.Equal("b", ProxySelector.Select([Estimate("a", 0.9, 0.7), Estimate("c", 0.9, 0.8), Estimate("b", 0.9, 0.8)]).Device);
        Assert.Equal("c", ProxySelector.Select([Estimate("a", 0.9, 0.7), Estimate("c", 0.9, 0.8)]).Device);
    }

    [Fact]
    public void Rank_UndefinedEstimatesComeLast()
    {
        var ranked = ProxySelector.Rank([Estimate("nan", double.NaN, double.NaN), Estimate("low", -0.5, -0.9)]);
        Assert.Equal(["low", "nan"], ranked.Select(e => e.Device));
    }

    [Fact]
    public void Select_NoKnownDevice_Throws()
    {
        Assert.Throws<ArgumentException>(() => ProxySelector.Select([]));
    }
}

using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class ProxyOptionsTests
{
    [Theory]
    [InlineData(nameof(ProxyOptions.InitialSamples))]
    [InlineData(nameof(ProxyOptions.MaxSamples))]
    [InlineData(nameof(ProxyOptions.Threshold))]
    [InlineData(nameof(ProxyOptions.DisagreementShare))]
    [InlineData(nameof(ProxyOptions.Confidence))]
    [InlineData(nameof(ProxyOptions.AdaptationProxies))]
    public void Validate_BadOption_NamesItAndTheAllowedValues(string option)
    {
        var options = option switch
        {
            nameof(ProxyOptions.InitialSamples) => new ProxyOptions { InitialSamples = 2 },
            nameof(ProxyOptions.MaxSamples) => new ProxyOptions { InitialSamples = 10, MaxSamples = 9 },
            nameof(ProxyOptions.Threshold) => new ProxyOptions { Threshold = 1.5 },
            nameof(ProxyOptions.DisagreementShare) => new ProxyOptions { DisagreementShare = -0.1 },
            nameof(ProxyOptions.Confidence) => new ProxyOptions { Confidence = 1 },
            _ => new ProxyOptions { AdaptationProxies = 0 },
        };
        var error = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains(option, error.Message);
        Assert.Contains("allowed", error.Message);
    }

    [Fact]
    public void DecisionConfidence_AdjustsForTheNumberOfCandidates_UnlessTurnedOff()
    {
        Assert.Equal(1 - 0.05 / 12, new ProxyOptions().DecisionConfidence(12), 12);
        Assert.Equal(0.95, new ProxyOptions().DecisionConfidence(1), 12);
        Assert.Equal(0.95, new ProxyOptions { AdjustForSelection = false }.DecisionConfidence(12), 12);
    }
}

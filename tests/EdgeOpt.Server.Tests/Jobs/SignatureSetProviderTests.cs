using EdgeOpt.Core.Spaces;
using EdgeOpt.Server.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeOpt.Server.Tests.Jobs;

public sealed class SignatureSetProviderTests
{
    private static long NoMultiplyAdds(Architecture _) => throw new NotImplementedException("networks not written yet");

    [Fact]
    public void Nb201_WithoutMultiplyAdds_TakesEvenlySpacedOfficialIndices()
    {
        var provider = new SpreadSignatureSetProvider(10, 0, NoMultiplyAdds, NullLogger.Instance);

        var set = provider.SignatureSet("nb201");

        var expected = Enumerable.Range(0, 10).Select(i => SearchSpaces.Nb201.Format(SearchSpaces.Nb201.At(i * 1562)));
        Assert.Equal(expected, set);
    }

    [Fact]
    public void Fbnet_WithoutMultiplyAdds_TakesDistinctSeededSamples_SameForTheSameSeed()
    {
        var a = new SpreadSignatureSetProvider(10, 7, NoMultiplyAdds, NullLogger.Instance).SignatureSet("fbnet");
        var b = new SpreadSignatureSetProvider(10, 7, NoMultiplyAdds, NullLogger.Instance).SignatureSet("FBNet");
        var c = new SpreadSignatureSetProvider(10, 8, NoMultiplyAdds, NullLogger.Instance).SignatureSet("fbnet");

        Assert.Equal(10, a.Distinct().Count());
        Assert.All(a, arch => Assert.True(SearchSpaces.Fbnet.TryParse(arch, out _, out var error), error));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void WithMultiplyAdds_PicksSpanTheRangeFromSmallestToLargest()
    {
        // A stand-in cost: the sum of the option indices (0 for all "none", 24 for all "avg_pool_3x3").
        static long Cost(Architecture a) => a.Choices.Sum();
        var provider = new SpreadSignatureSetProvider(5, 0, Cost, NullLogger.Instance);

        var costs = provider.SignatureSet("nb201").Select(s => Cost(SearchSpaces.Nb201.Parse(s))).ToList();

        Assert.Equal([0L, 6L, 12L, 18L, 24L], costs);
    }

    [Fact]
    public void UnknownSpace_NamesTheAllowedIds()
    {
        var provider = new SpreadSignatureSetProvider(10, 0, NoMultiplyAdds, NullLogger.Instance);

        var e = Assert.Throws<ArgumentException>(() => provider.SignatureSet("darts"));

        Assert.Contains("allowed: nb201, fbnet", e.Message);
    }
}

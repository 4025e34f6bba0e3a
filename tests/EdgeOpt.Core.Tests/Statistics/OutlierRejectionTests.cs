using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Core.Tests.Statistics;

public class OutlierRejectionTests
{
    [Fact]
    public void TukeyFences_RejectsAStallFarAboveTheUpperFence()
    {
        // sorted 10, 10, 11, 11, 12, 100: Q1 = 10.25, Q3 = 11.75, IQR = 1.5 -> fences 8 and 14
        var split = OutlierRejection.TukeyFences([10, 11, 12, 10, 11, 100]);
        Assert.Equal([10, 11, 12, 10, 11], split.Kept);
        Assert.Equal([100], split.Rejected);
        Assert.Equal(8.0, split.LowerFence, 12);
        Assert.Equal(14.0, split.UpperFence, 12);
    }

    [Fact]
    public void TukeyFences_RejectsImplausiblyFastRunsToo()
    {
        var split = OutlierRejection.TukeyFences([10, 11, 12, 10, 11, 0.5]);
        Assert.Equal([0.5], split.Rejected);
    }

    [Fact]
    public void TukeyFences_ValueOnTheFence_IsKept()
    {
        var split = OutlierRejection.TukeyFences([10, 11, 12, 10, 11, 14]);
        // sorted 10, 10, 11, 11, 12, 14: Q1 = 10.25, Q3 = 11.75 -> upper fence 14, inclusive
        Assert.Empty(split.Rejected);
    }

    [Fact]
    public void TukeyFences_FewerThanFourSamples_KeepsAll()
    {
        var split = OutlierRejection.TukeyFences([1, 2, 1000]);
        Assert.Equal(3, split.Kept.Count);
        Assert.Empty(split.Rejected);
    }

    [Fact]
    public void TukeyFences_LargerK_RejectsLess()
    {
        double[] samples = [10, 10, 11, 11, 12, 16];
        Assert.Single(OutlierRejection.TukeyFences(samples, 1.5).Rejected);
        Assert.Empty(OutlierRejection.TukeyFences(samples, 3.0).Rejected);
    }
}

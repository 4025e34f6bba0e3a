using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Core.Tests.Statistics;

public class ErrorMetricsTests
{
    private static readonly double[] Predicted = [110, 90, 100, 104];
    private static readonly double[] Actual = [100, 100, 200, 100];

    [Fact]
    public void MeanAbsolutePercentageError_IsMeanRelativeErrorInPercent()
    {
        // 10 %, 10 %, 50 %, 4 %
        Assert.Equal(18.5, ErrorMetrics.MeanAbsolutePercentageError(Predicted, Actual), 10);
    }

    [Fact]
    public void ShareWithin_TenPercent_CountsTheBoundAsInside() =>
        Assert.Equal(0.75, ErrorMetrics.ShareWithin(Predicted, Actual, 0.10), 12);

    [Fact]
    public void ShareWithin_FivePercent_KeepsOnlyTheCloseOne() =>
        Assert.Equal(0.25, ErrorMetrics.ShareWithin(Predicted, Actual, 0.05), 12);

    [Fact]
    public void MeanAbsolutePercentageError_ZeroActual_ThrowsNamingIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => ErrorMetrics.MeanAbsolutePercentageError([1, 2], [1, 0]));
        Assert.Contains("index 1", ex.Message);
    }

    [Fact]
    public void ShareWithin_NegativeTolerance_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorMetrics.ShareWithin([1], [1], -0.1));
}

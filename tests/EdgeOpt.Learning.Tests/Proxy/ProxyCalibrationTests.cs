using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class ProxyCalibrationTests
{
    private static readonly double[] LogProxy = [0.1, 0.5, 0.9, 1.4, 2.0, 2.2, 3.1];

    [Fact]
    public void Affine_ExactLinearRelation_IsRecovered()
    {
        var logNew = LogProxy.Select(x => -0.3 + 1.7 * x).ToArray();
        var calibration = ProxyCalibration.Fit(ProxyCalibrationKind.Affine, LogProxy, logNew);
        Assert.Equal(-0.3, calibration.Intercept, 12);
        Assert.Equal(1.7, calibration.Slope, 12);
        Assert.Equal(0, calibration.ResidualLogStdDev, 9);
        Assert.Equal(-0.3 + 1.7 * 5.0, calibration.Apply(5.0), 12);
        Assert.Empty(calibration.Knots);
    }

    [Fact]
    public void Affine_DecreasingRelation_StillMapsIncreasingly()
    {
        var calibration = ProxyCalibration.Fit(ProxyCalibrationKind.Affine, LogProxy, LogProxy.Select(x => -x).ToArray());
        Assert.Equal(ProxyCalibration.MinimumSlope, calibration.Slope);
        Assert.True(calibration.Apply(2) > calibration.Apply(1));
    }

    [Fact]
    public void Isotonic_MonotoneRelation_PassesThroughEveryPoint_AndIsStrictlyIncreasing()
    {
        var logNew = LogProxy.Select(x => Math.Exp(x) / 3).ToArray(); // convex: an affine map cannot follow it
        var calibration = ProxyCalibration.Fit(ProxyCalibrationKind.Isotonic, LogProxy, logNew);
        for (var i = 0; i < LogProxy.Length; i++) Assert.Equal(logNew[i], calibration.Apply(LogProxy[i]), 12);
        var grid = Enumerable.Range(-20, 80).Select(i => i * 0.05).ToArray();
        for (var i = 1; i < grid.Length; i++) Assert.True(calibration.Apply(grid[i]) > calibration.Apply(grid[i - 1]), $"at {grid[i]}");
    }

    [Fact]
    public void Isotonic_Violations_ArePooledIntoTheirMean()
    {
        var calibration = ProxyCalibration.Fit(ProxyCalibrationKind.Isotonic, [0, 1, 2, 3], [0, 2, 1, 3]);
        Assert.Equal(3, calibration.Knots.Count);
        Assert.Equal([1.5, 1.5], calibration.Knots[1]);
        Assert.Equal(1.5, calibration.Apply(1.5), 12);
    }

    [Fact]
    public void Fit_FewerThanTwoPoints_Throws()
    {
        Assert.Throws<ArgumentException>(() => ProxyCalibration.Fit(ProxyCalibrationKind.Affine, [1.0], [2.0]));
    }
}

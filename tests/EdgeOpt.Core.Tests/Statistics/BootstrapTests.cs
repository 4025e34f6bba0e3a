using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Core.Tests.Statistics;

public class BootstrapTests
{
    private static double[] Normal(int n, int seed, double mean, double sd)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }).ToArray();
    }

    [Fact]
    public void PercentileInterval_SameSeed_GivesTheSameInterval()
    {
        var sample = Normal(50, 1, 10, 2);
        var a = Bootstrap.PercentileInterval(sample, Descriptive.Median, seed: 42, resamples: 500);
        var b = Bootstrap.PercentileInterval(sample, Descriptive.Median, seed: 42, resamples: 500);
        Assert.Equal(a, b);
    }

    [Fact]
    public void PercentileInterval_DifferentSeed_GivesADifferentInterval()
    {
        var sample = Normal(50, 1, 10, 2);
        var a = Bootstrap.PercentileInterval(sample, Descriptive.Mean, seed: 1, resamples: 500);
        var b = Bootstrap.PercentileInterval(sample, Descriptive.Mean, seed: 2, resamples: 500);
        Assert.NotEqual((a.Lower, a.Upper), (b.Lower, b.Upper));
        Assert.Equal(a.Estimate, b.Estimate);
    }

    [Fact]
    public void PercentileInterval_OfTheMean_AgreesWithTheNormalApproximation()
    {
        var sample = Normal(400, 3, 10, 2);
        var ci = Bootstrap.PercentileInterval(sample, Descriptive.Mean, seed: 7, resamples: 4000, confidence: 0.95);
        var halfWidth = 1.96 * Descriptive.StandardDeviation(sample) / Math.Sqrt(sample.Length);
        Assert.Equal(Descriptive.Mean(sample), ci.Estimate, 12);
        Assert.True(ci.Contains(ci.Estimate));
        Assert.Equal(ci.Estimate - halfWidth, ci.Lower, 0.03);
        Assert.Equal(ci.Estimate + halfWidth, ci.Upper, 0.03);
        Assert.Equal(4000, ci.ValidResamples);
    }

    [Fact]
    public void PercentileInterval_HigherConfidence_IsWider()
    {
        var sample = Normal(100, 5, 0, 1);
        var narrow = Bootstrap.PercentileInterval(sample, Descriptive.Mean, seed: 9, resamples: 2000, confidence: 0.5);
        var wide = Bootstrap.PercentileInterval(sample, Descriptive.Mean, seed: 9, resamples: 2000, confidence: 0.99);
        Assert.True(wide.Upper - wide.Lower > narrow.Upper - narrow.Lower);
    }

    [Fact]
    public void PercentileInterval_Paired_ResamplesPairsTogether()
    {
        var x = Normal(200, 4, 0, 1);
        var y = x.Select(v => 2 * v + 1).ToArray(); // perfectly monotone: every resample has rho = 1
        var ci = Bootstrap.PercentileInterval(x, y, Correlation.Spearman, seed: 3, resamples: 300);
        Assert.Equal(1.0, ci.Lower, 12);
        Assert.Equal(1.0, ci.Upper, 12);
    }

    [Fact]
    public void PercentileInterval_UndefinedResamples_AreLeftOutAndCounted()
    {
        // With three pairs, some resamples repeat one pair three times: a constant sample, rho = NaN.
        double[] x = [1, 2, 3];
        double[] y = [1, 3, 2];
        var ci = Bootstrap.PercentileInterval(x, y, Correlation.Spearman, seed: 5, resamples: 1000);
        Assert.InRange(ci.ValidResamples, 1, 999);
        Assert.False(double.IsNaN(ci.Lower));
    }

    [Fact]
    public void PercentileInterval_ConfidenceOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => Bootstrap.PercentileInterval([1.0, 2.0], Descriptive.Mean, seed: 1, confidence: 1.0));
}

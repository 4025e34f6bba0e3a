using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class MonotonicityEstimatorTests
{
    private static (double[] New, double[] Known) NoisyPair(int n, int seed)
    {
        var random = new Random(seed);
        var known = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10).ToArray();
        var fresh = known.Select(v => v + 2.0 * (random.NextDouble() - 0.5)).ToArray();
        return (fresh, known);
    }

    [Fact]
    public void Estimate_SameSeed_GivesTheSameIntervals()
    {
        var (fresh, known) = NoisyPair(25, 1);
        var estimator = new MonotonicityEstimator(resamples: 1000);
        var a = estimator.Estimate("k", fresh, known, seed: 42);
        var b = estimator.Estimate("k", fresh, known, seed: 42);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Estimate_OtherSeed_MovesTheBoundsButNotTheEstimates()
    {
        var (fresh, known) = NoisyPair(25, 1);
        var estimator = new MonotonicityEstimator(resamples: 1000);
        var a = estimator.Estimate("k", fresh, known, seed: 42);
        var b = estimator.Estimate("k", fresh, known, seed: 43);
        Assert.Equal(a.Spearman.Estimate, b.Spearman.Estimate);
        Assert.Equal(a.Kendall.Estimate, b.Kendall.Estimate);
        Assert.NotEqual((a.Spearman.Lower, a.Spearman.Upper), (b.Spearman.Lower, b.Spearman.Upper));
    }

    [Fact]
    public void Estimate_PointEstimatesAreTheSampleCorrelations_InsideTheirIntervals()
    {
        var (fresh, known) = NoisyPair(30, 2);
        var estimate = new MonotonicityEstimator(resamples: 500, confidence: 0.9).Estimate("k", fresh, known, seed: 0);
        Assert.Equal(Correlation.Spearman(fresh, known), estimate.Spearman.Estimate, 12);
        Assert.Equal(Correlation.KendallTauB(fresh, known), estimate.Kendall.Estimate, 12);
        Assert.InRange(estimate.Spearman.Estimate, estimate.Spearman.Lower, estimate.Spearman.Upper);
        Assert.InRange(estimate.Kendall.Estimate, estimate.Kendall.Lower, estimate.Kendall.Upper);
        Assert.Equal(0.9, estimate.Spearman.Confidence);
        Assert.Equal(500, estimate.Spearman.Resamples);
        Assert.Equal(30, estimate.Points);
    }

    [Fact]
    public void Estimate_HigherConfidence_GivesALowerLowerBound()
    {
        var (fresh, known) = NoisyPair(20, 3);
        var narrow = new MonotonicityEstimator(1000, 0.8).Estimate("k", fresh, known, seed: 5);
        var wide = new MonotonicityEstimator(1000, 0.99).Estimate("k", fresh, known, seed: 5);
        Assert.True(wide.Spearman.Lower < narrow.Spearman.Lower);
    }

    [Fact]
    public void Estimate_ConstantNewDevice_HasNoLowerBound()
    {
        var estimate = new MonotonicityEstimator(200).Estimate("k", [5, 5, 5, 5], [1, 2, 3, 4], seed: 0);
        Assert.True(double.IsNaN(estimate.Spearman.Estimate));
        Assert.Equal(double.NegativeInfinity, estimate.SpearmanLowerBound);
    }

    [Fact]
    public void Estimate_UnpairedValues_NameBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => new MonotonicityEstimator().Estimate("k", [1, 2, 3], [1, 2], seed: 0));
        Assert.Contains("3 values", error.Message);
        Assert.Contains("2 of 'k'", error.Message);
    }
}

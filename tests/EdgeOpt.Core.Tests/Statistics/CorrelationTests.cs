using System.Diagnostics;
using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Core.Tests.Statistics;

public class CorrelationTests
{
    [Fact]
    public void Spearman_WithoutTies_MatchesTheRankDifferenceFormula()
    {
        // d = [-2, 1, 1, -1, 1], sum d^2 = 8: rho = 1 - 6 * 8 / (5 * 24) = 0.6
        Assert.Equal(0.6, Correlation.Spearman([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]), 12);
    }

    [Fact]
    public void Spearman_WithTies_IsPearsonOfAverageRanks()
    {
        // ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]: rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9)
        Assert.Equal(Math.Sqrt(0.9), Correlation.Spearman([1, 2, 2, 3], [10, 30, 20, 40]), 12);
    }

    [Fact]
    public void Spearman_MonotoneButNonLinear_IsOne()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        Assert.Equal(1.0, Correlation.Spearman(x, x.Select(v => Math.Exp(v)).ToArray()), 12);
        Assert.Equal(-1.0, Correlation.Spearman(x, x.Select(v => -v * v * v).ToArray()), 12);
    }

    [Fact]
    public void Pearson_OfExactLine_IsOne() =>
        Assert.Equal(1.0, Correlation.Pearson([1, 2, 3, 4], [3, 5, 7, 9]), 12);

    [Fact]
    public void Pearson_HandComputed()
    {
        // x mean 2, y mean 3: sxy = 2, sxx = 2, syy = 8 -> r = 2 / 4 = 0.5 (deviations x: -1,0,1; y: 0,-2,2)
        Assert.Equal(0.5, Correlation.Pearson([1, 2, 3], [3, 1, 5]), 12);
    }

    [Fact]
    public void Pearson_ConstantSample_IsNaN() => Assert.True(double.IsNaN(Correlation.Pearson([1, 1, 1], [1, 2, 3])));

    [Fact]
    public void KendallTauB_WithoutTies_IsConcordantMinusDiscordantOverPairs()
    {
        // 7 concordant, 3 discordant of 10 pairs.
        Assert.Equal(0.4, Correlation.KendallTauB([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]), 12);
    }

    [Fact]
    public void KendallTauB_WithTiesInX_CorrectsTheDenominator()
    {
        // 5 concordant, 0 discordant, 1 pair tied in x: 5 / sqrt((6 - 1) * 6)
        Assert.Equal(5 / Math.Sqrt(30), Correlation.KendallTauB([1, 2, 2, 3], [1, 3, 2, 4]), 12);
    }

    [Fact]
    public void KendallTauB_WithJointTies_HandComputed()
    {
        // x=[1,1,2,2,3], y=[1,1,2,1,0]: pair (0,1) tied in both, (2,3) tied in x, (0,3) and (1,3) tied in y;
        // concordant (0,2), (1,2); discordant (0,4), (1,4), (2,4), (3,4). n0 = 10, n1 = 2, n2 = 3:
        // tau_b = (2 - 4) / sqrt(8 * 7).
        Assert.Equal(-2 / Math.Sqrt(56), Correlation.KendallTauB([1, 1, 2, 2, 3], [1, 1, 2, 1, 0]), 12);
    }

    [Fact]
    public void KendallTauB_ConstantSample_IsNaN() =>
        Assert.True(double.IsNaN(Correlation.KendallTauB([1, 2, 3], [4, 4, 4])));

    [Theory]
    [InlineData(1, 30, 5)]
    [InlineData(2, 200, 10)]
    [InlineData(3, 500, 1000)]
    [InlineData(4, 2000, 3)]
    public void KendallTauB_MatchesBruteForceOnRandomDataWithTies(int seed, int n, int distinctValues)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => (double)random.Next(distinctValues)).ToArray();
        // y correlated with x plus noise, so the coefficient is neither 0 nor 1.
        var y = x.Select(v => Math.Round(v + random.Next(distinctValues) * 0.7)).ToArray();
        Assert.Equal(BruteForceTauB(x, y), Correlation.KendallTauB(x, y), 10);
    }

    [Fact]
    public void KendallTauB_FifteenThousandPairs_RunsInWellUnderASecond()
    {
        var random = new Random(11);
        var x = Enumerable.Range(0, 15_625).Select(_ => random.NextDouble()).ToArray();
        var y = x.Select(v => v + random.NextDouble()).ToArray();
        Correlation.KendallTauB(x, y); // JIT warm-up
        var watch = Stopwatch.StartNew();
        var tau = Correlation.KendallTauB(x, y);
        watch.Stop();
        Assert.InRange(tau, 0.1, 0.9);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Correlation_DifferentLengths_ThrowsNamingBothCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => Correlation.Spearman([1, 2, 3], [1, 2]));
        Assert.Contains("3", ex.Message);
        Assert.Contains("2", ex.Message);
        Assert.Contains("paired", ex.Message);
    }

    [Fact]
    public void Correlation_InfiniteValue_ThrowsNamingIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => Correlation.KendallTauB([1, 2, 3], [1, double.PositiveInfinity, 3]));
        Assert.Contains("index 1", ex.Message);
    }

    /// <summary>Reference: tau-b by enumerating all pairs.</summary>
    private static double BruteForceTauB(double[] x, double[] y)
    {
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, pairs = 0;
        for (var i = 0; i < x.Length; i++)
        for (var j = i + 1; j < x.Length; j++)
        {
            pairs++;
            var dx = Math.Sign(x[i] - x[j]);
            var dy = Math.Sign(y[i] - y[j]);
            if (dx == 0) tiedX++;
            if (dy == 0) tiedY++;
            if (dx != 0 && dy != 0)
            {
                if (dx == dy) concordant++;
                else discordant++;
            }
        }
        return (concordant - discordant) / Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
    }
}

using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class OperatorRidgeTests
{
    private static readonly ArchitectureFeaturizer Featurizer = new(ProxyTestFleet.Space);

    private static (double[][] Dense, double[][] Penalized, int[][] Active, double[] Targets) Problem(int n, int seed)
    {
        var random = new Random(seed);
        var architectures = ProxyTestFleet.Architectures(n, seed);
        var proxy = architectures.Select(a => Math.Log(ProxyTestFleet.Latency(a, ProxyTestFleet.KnownCosts["gpu"]))).ToArray();
        var other = architectures.Select(a => Math.Log(ProxyTestFleet.Latency(a, ProxyTestFleet.KnownCosts["cpu"]))).ToArray();
        var targets = architectures.Select((a, i) => Math.Log(ProxyTestFleet.Latency(a, ProxyTestFleet.DifferentCosts)) + 0.02 * (random.NextDouble() - 0.5)).ToArray();
        return (proxy.Select(p => new[] { 1.0, p }).ToArray(), other.Select(o => new[] { o - 1.5 }).ToArray(),
            architectures.Select(Featurizer.ActiveIndices).ToArray(), targets);
    }

    [Fact]
    public void Fit_LeaveOneOutResiduals_EqualRefitsWithoutEachPoint()
    {
        var (dense, penalized, active, targets) = Problem(30, 1);
        double[] lambda = [0.7];
        var full = OperatorRidge.Fit(dense, penalized, active, Featurizer.OneHotLength, targets, lambdas: lambda);
        for (var i = 0; i < targets.Length; i++)
        {
            var keep = Enumerable.Range(0, targets.Length).Where(j => j != i).ToArray();
            var without = OperatorRidge.Fit(
                keep.Select(j => dense[j]).ToArray(), keep.Select(j => penalized[j]).ToArray(), keep.Select(j => active[j]).ToArray(),
                Featurizer.OneHotLength, keep.Select(j => targets[j]).ToArray(), lambdas: lambda);
            Assert.Equal(targets[i] - without.Predict(dense[i], penalized[i], active[i]), full.LooResiduals[i], tolerance: 1e-5);
        }
    }

    [Fact]
    public void Fit_ChoosesAPenaltyFromTheGrid_AndPredictsTheFittedPointsClosely()
    {
        var (dense, penalized, active, targets) = Problem(60, 2);
        var fit = OperatorRidge.Fit(dense, penalized, active, Featurizer.OneHotLength, targets);
        Assert.Contains(fit.Lambda, OperatorRidge.LambdaGrid);
        var rms = Math.Sqrt(Enumerable.Range(0, targets.Length)
            .Average(i => Math.Pow(targets[i] - fit.Predict(dense[i], penalized[i], active[i]), 2)));
        var spread = Math.Sqrt(targets.Average(t => Math.Pow(t - targets.Average(), 2)));
        Assert.True(rms < 0.3 * spread, $"in-sample rms {rms:F4} vs spread {spread:F4}");
        Assert.All(Enumerable.Range(0, targets.Length), i => Assert.True(fit.PredictiveVariance(dense[i], penalized[i], active[i]) >= fit.ResidualVariance));
    }

    [Fact]
    public void FitRobust_OneGrossOutlier_IsDownweighted_AndBarelyMovesTheFit()
    {
        var (dense, penalized, active, targets) = Problem(60, 3);
        var clean = OperatorRidge.FitRobust(dense, penalized, active, Featurizer.OneHotLength, targets);
        var spoiled = (double[])targets.Clone();
        spoiled[7] += 4.0; // a 55-fold glitch
        var plain = OperatorRidge.Fit(dense, penalized, active, Featurizer.OneHotLength, spoiled);
        var robust = OperatorRidge.FitRobust(dense, penalized, active, Featurizer.OneHotLength, spoiled);

        Assert.True(robust.Weights[7] < 0.1, $"weight of the outlier {robust.Weights[7]:F3}");
        double Shift(OperatorRidge fit) => Enumerable.Range(0, targets.Length).Where(i => i != 7)
            .Average(i => Math.Abs(fit.Predict(dense[i], penalized[i], active[i]) - clean.Predict(dense[i], penalized[i], active[i])));
        Assert.True(Shift(robust) < 0.25 * Shift(plain), $"robust shift {Shift(robust):F4}, plain shift {Shift(plain):F4}");
    }

    [Fact]
    public void Fit_TooFewPoints_NamesTheNeed()
    {
        var (dense, penalized, active, targets) = Problem(2, 4);
        var error = Assert.Throws<ArgumentException>(() => OperatorRidge.Fit(dense, penalized, active, Featurizer.OneHotLength, targets));
        Assert.Contains("at least 3", error.Message);
    }
}

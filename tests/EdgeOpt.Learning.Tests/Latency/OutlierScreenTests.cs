using EdgeOpt.Learning.Latency.NeuralLinear;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class OutlierScreenTests
{
    private static readonly double[] NoiseLevels = [1e-4, 1e-3, 1e-2, 0.1, 1];

    /// <summary>Points on a line (head factor [x, 1]) with a small deterministic wiggle; the log costs 0.5·x.</summary>
    private static (KernelPoint[] Points, double[] Logs) Line(int count)
    {
        var points = new KernelPoint[count];
        var logs = new double[count];
        for (var i = 0; i < count; i++)
        {
            var x = i - count / 2.0;
            points[i] = new KernelPoint([x, 1], 0, [i], [0.0], false);
            logs[i] = 0.5 * x + 0.01 * Math.Sin(3 * i);
        }
        return (points, logs);
    }

    /// <summary>The device fit the model uses: hyperparameters (here the noise) chosen by evidence on the subset.</summary>
    private static Func<int[], PosteriorMixture> Fitter(KernelPoint[] points, double[] logs) => subset =>
    {
        var observed = new ObservedKernel(subset.Select(i => points[i]).ToArray());
        var scored = HyperparameterSearch.CoordinateAscent(
            observed, subset.Select(i => logs[i]).ToArray(), [new HyperparameterSearch.Axis("noise", NoiseLevels, 2)],
            v => new KernelHyperparameters(HeadScale: 1, OptionVariance: 0, Noise: v[0]), fullGridAxes: 1);
        return PosteriorMixture.FromScored(observed, scored, 1);
    };

    private static int[] Screen(KernelPoint[] points, double[] logs, int maxOutliers = 2) =>
        OutlierScreen.Screen(points.Length, Fitter(points, logs), (p, i) => p.Predict(points[i]), logs,
            outlierProbability: 0.05, delayVariance: 1.0, maxOutliers).Kept;

    [Fact]
    public void Screen_CleanMeasurements_KeepsAll()
    {
        var (points, logs) = Line(10);
        Assert.Equal(Enumerable.Range(0, 10), Screen(points, logs));
    }

    [Fact]
    public void Screen_OneSpuriouslySlowRun_SetsItAsideAndFitsTheRestTightly()
    {
        var (points, logs) = Line(10);
        logs[4] += 1.0;
        var (posterior, kept) = OutlierScreen.Screen(points.Length, Fitter(points, logs), (p, i) => p.Predict(points[i]), logs,
            0.05, 1.0, 2);

        Assert.Equal(Enumerable.Range(0, 10).Where(i => i != 4), kept);
        var (mean, _) = posterior.Predict(points[4]);
        Assert.Equal(0.5 * (4 - 5.0), mean, 1);
    }

    [Fact]
    public void Screen_MeasurementFarBelowTheFit_IsKept()
    {
        // A device that runs one network much faster than the others suggest (dead code removed) is real information.
        var (points, logs) = Line(10);
        logs[4] -= 1.0;
        Assert.Equal(Enumerable.Range(0, 10), Screen(points, logs));
    }

    [Fact]
    public void Screen_MoreSlowRunsThanAllowed_SetsAsideAtMostTheCap()
    {
        var (points, logs) = Line(10);
        logs[2] += 1.0;
        logs[6] += 1.2;
        Assert.Equal(9, Screen(points, logs, maxOutliers: 1).Length);
        Assert.DoesNotContain(6, Screen(points, logs, maxOutliers: 1));
        Assert.Equal(Enumerable.Range(0, 10).Where(i => i is not (2 or 6)), Screen(points, logs, maxOutliers: 2));
    }

    [Fact]
    public void HalfNormalLogDensity_IsTwiceTheNormalDensity()
    {
        // At 0: log(2 / √(2π)) for unit variance; at 1 with variance 4: log(2 · e^(−1/8) / √(8π)).
        Assert.Equal(Math.Log(2 / Math.Sqrt(2 * Math.PI)), OutlierScreen.HalfNormalLogDensity(0, 1), 12);
        Assert.Equal(Math.Log(2 * Math.Exp(-1.0 / 8) / Math.Sqrt(8 * Math.PI)), OutlierScreen.HalfNormalLogDensity(1, 4), 12);
    }

    [Fact]
    public void Screen_InvalidProbability_NamesTheAllowedRange()
    {
        var (points, logs) = Line(4);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OutlierScreen.Screen(
            4, Fitter(points, logs), (p, i) => p.Predict(points[i]), logs, 0.5, 1.0, 1));
        Assert.Contains("(0, 0.5)", error.Message);
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.PerDevice;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.PerDevice;

public sealed class PerDeviceLatencyTrainerTests
{
    [Fact]
    public void Fit_Nb201LatencyASumOfOpCosts_RanksUnseenCellsAlmostPerfectly()
    {
        var space = SearchSpaces.Nb201;
        var all = ArchitectureSampling.Distinct(space, 2300, seed: 5);
        var train = all.Take(300).Select(a => (a, SyntheticLatency.Nb201Ms(a))).ToArray();
        var test = all.Skip(300).ToArray();

        var model = new PerDeviceLatencyTrainer(space, new() { Seed = 11 }).Fit(train);
        var predicted = model.PredictMs(test);
        var actual = test.Select(SyntheticLatency.Nb201Ms).ToArray();

        Assert.True(Correlation.Spearman(predicted, actual) > 0.98, $"Spearman {Correlation.Spearman(predicted, actual):F4}");
        Assert.True(ErrorMetrics.MeanAbsolutePercentageError(predicted, actual) < 5.0,
            $"MAPE {ErrorMetrics.MeanAbsolutePercentageError(predicted, actual):F2} %");
    }

    [Fact]
    public void Fit_FbnetLatencyASumOfBlockCosts_RanksUnseenNetworksWell()
    {
        var space = SearchSpaces.Fbnet;
        var all = ArchitectureSampling.Distinct(space, 1300, seed: 5);
        var train = all.Take(300).Select(a => (a, SyntheticLatency.FbnetMs(a))).ToArray();
        var test = all.Skip(300).ToArray();

        var model = new PerDeviceLatencyTrainer(space, new() { Seed = 11 }).Fit(train);
        var predicted = model.PredictMs(test);
        var actual = test.Select(SyntheticLatency.FbnetMs).ToArray();

        Assert.True(Correlation.Spearman(predicted, actual) > 0.95, $"Spearman {Correlation.Spearman(predicted, actual):F4}");
    }

    [Fact]
    public void Fit_SameSeedTwice_GivesIdenticalPredictionsAndIntervals()
    {
        var space = SearchSpaces.Nb201;
        var train = SyntheticLatency.Sample(space, 200, 3, a => SyntheticLatency.Nb201Ms(a) * (1 + 0.05 * Math.Sin(a.GetHashCode())));
        var probe = ArchitectureSampling.Distinct(space, 500, seed: 4);

        var first = new PerDeviceLatencyTrainer(space, new() { Seed = 42 }).Fit(train).Predict(probe);
        var second = new PerDeviceLatencyTrainer(space, new() { Seed = 42 }).Fit(train).Predict(probe);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Fit_DifferentSeeds_SplitTheFoldsDifferently()
    {
        var space = SearchSpaces.Nb201;
        var train = SyntheticLatency.Sample(space, 200, 3, a => SyntheticLatency.Nb201Ms(a) * (1 + 0.05 * Math.Sin(a.GetHashCode())));

        var first = new PerDeviceLatencyTrainer(space, new() { Seed = 1 }).Fit(train).OutOfFoldPredictionsMs;
        var second = new PerDeviceLatencyTrainer(space, new() { Seed = 2 }).Fit(train).OutOfFoldPredictionsMs;

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Predict_OneAtATime_EqualsTheBatch()
    {
        var space = SearchSpaces.Nb201;
        var model = new PerDeviceLatencyTrainer(space, new() { Seed = 7 }).Fit(SyntheticLatency.Sample(space, 100, 1, SyntheticLatency.Nb201Ms));
        var probe = ArchitectureSampling.Distinct(space, 700, seed: 9);

        var batch = model.Predict(probe);

        for (int i = 0; i < probe.Count; i += 50) Assert.Equal(batch[i], model.Predict(probe[i]));
        Assert.Equal(batch.Select(p => p.Ms), model.PredictMs(probe));
    }

    [Fact]
    public void Predict_Interval_ContainsThePredictionAndCoversAboutItsNominalShareOfNoisyHeldOutLatencies()
    {
        var space = SearchSpaces.Nb201;
        var noise = new Random(123);
        var all = ArchitectureSampling.Distinct(space, 3000, seed: 8);
        // Multiplicative log-normal noise of about 8 % that the trees cannot learn.
        var measured = all.Select(a => SyntheticLatency.Nb201Ms(a) * Math.Exp(0.08 * Gaussian(noise))).ToArray();
        var model = new PerDeviceLatencyTrainer(space, new() { Seed = 3, IntervalCoverage = 0.8 })
            .Fit(all.Take(500).Zip(measured.Take(500)).ToArray());

        var predicted = model.Predict(all.Skip(500).ToArray());
        var heldOut = measured.Skip(500).ToArray();
        double covered = predicted.Where((p, i) => p.LowerMs <= heldOut[i] && heldOut[i] <= p.UpperMs).Count() / (double)heldOut.Length;

        Assert.All(predicted, p => Assert.True(p.LowerMs <= p.Ms && p.Ms <= p.UpperMs));
        Assert.InRange(covered, 0.72, 0.90);
    }

    [Fact]
    public void CompiledTrees_ScoreLikeMlNetItself()
    {
        var space = SearchSpaces.Fbnet;
        var data = SyntheticLatency.Sample(space, 200, 2, SyntheticLatency.FbnetMs);
        var features = new ArchitectureFeatures(space);
        var rows = features.Of(data.Select(d => d.Item1).ToArray(), "data");
        var settings = new TreeSettings(60, 8, 0.1, 3, 1.0, 3, 0.9, 5);

        var trees = CrossFittedTrees.Fit(rows, data.Select(d => (float)Math.Log(d.Item2)).ToArray(), settings);
        var probe = features.Of(ArchitectureSampling.Distinct(space, 300, seed: 6), "probe");
        var ours = trees.Predict(probe);
        var theirs = trees.PredictWithMlNet(probe);

        for (int i = 0; i < ours.Length; i++) Assert.Equal(theirs[i], ours[i], 1e-5);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

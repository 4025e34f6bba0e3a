using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.PerDevice;
using EdgeOpt.Learning.Tests.TestSupport;
using Xunit.Abstractions;

namespace EdgeOpt.Learning.Tests.Accuracy;

public sealed class AccuracyPredictorTrainerTests(ITestOutputHelper output)
{
    private const string AccuracyFile = "nb201/accuracy.csv";

    [Fact]
    public void Constructor_OptionOutOfRange_NamesTheOptionAndItsAllowedValues()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new AccuracyPredictorTrainer(SearchSpaces.Nb201, new() { Seed = 1, NumberOfLeaves = 5000 }));

        Assert.Contains("AccuracyPredictorTrainer.Options.NumberOfLeaves is 5000", error.Message);
        Assert.Contains("allowed: 2..1024", error.Message);
    }

    [Fact]
    public void Constructor_CellStructureFeaturesForFbnet_NamesTheOptionAndTheSetsFbnetAllows()
    {
        var error = Assert.Throws<ArgumentException>(() => new AccuracyPredictorTrainer(
            SearchSpaces.Fbnet, new() { Seed = 1, FeatureSet = ArchitectureFeatureSet.EncodingAndCellStructure }));

        Assert.Contains("AccuracyPredictorTrainer.Options.FeatureSet", error.Message);
        Assert.Contains("allowed: Auto, Encoding", error.Message);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void Fit_AccuracyNotAPercentage_NamesTheSampleAndTheAllowedRange(double bad)
    {
        var trainer = new AccuracyPredictorTrainer(SearchSpaces.Nb201, new() { Seed = 1 });
        var samples = ArchitectureSampling.Distinct(SearchSpaces.Nb201, 60, 2).Select(a => (a, 50.0)).ToArray();
        samples[41].Item2 = bad;

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(samples));

        Assert.Contains("sample 41", error.Message);
        Assert.Contains("within 0..100", error.Message);
    }

    [Fact]
    public void Fit_FewerArchitecturesThanTheFoldsNeed_SaysHowManyAreNeeded()
    {
        var trainer = new AccuracyPredictorTrainer(SearchSpaces.Nb201, new() { Seed = 1 });
        var samples = ArchitectureSampling.Distinct(SearchSpaces.Nb201, trainer.MinimumArchitectures - 1, 2).Select(a => (a, 50.0)).ToArray();

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(samples));

        Assert.Contains($"at least {trainer.MinimumArchitectures}", error.Message);
    }

    [SharedDataFact(AccuracyFile)]
    public void Fit_OneThousandCifar100Architectures_RanksTheOther14625WithSpearmanAtLeast0point9()
    {
        var table = MeasurementCsv.Load(SharedData.PathOf(AccuracyFile), Nb201Space.SpaceId);

        var result = AccuracyHoldout.Evaluate(table, "cifar100", trainCount: 1000, sampleSeed: 1, new AccuracyPredictorTrainer.Options { Seed = 1 });

        output.WriteLine($"Spearman {result.Spearman:F4}, Kendall {result.KendallTau:F4}, MAE {result.MaePoints:F2} points, " +
                         $"top-decile Spearman {result.TopDecileSpearman:F3}, 90 % interval coverage {result.IntervalCoverage:F3}");
        Assert.Equal(14_625, result.TestCount);
        Assert.True(result.Spearman >= 0.9, $"Spearman {result.Spearman:F4} on the held-out cells");
        Assert.InRange(result.IntervalCoverage, 0.8, 0.97);
    }

    [SharedDataFact(AccuracyFile)]
    public void Predict_FromTheSameSeed_IsReproducibleAndItsIntervalHoldsThePrediction()
    {
        var table = MeasurementCsv.Load(SharedData.PathOf(AccuracyFile), Nb201Space.SpaceId);
        var space = SearchSpaces.Nb201;
        var rows = Enumerable.Range(0, 300).Select(r => r * 50).ToArray();
        var samples = rows.Select(r => (space.Parse(table.Architectures[r]), table[r, "cifar10"]!.Value)).ToArray();
        var probe = ArchitectureSampling.Distinct(space, 200, seed: 3);

        var first = new AccuracyPredictorTrainer(space, new() { Seed = 9 }).Fit(samples).Predict(probe);
        var second = new AccuracyPredictorTrainer(space, new() { Seed = 9 }).Fit(samples).Predict(probe);

        Assert.Equal(first, second);
        Assert.All(first, p => Assert.True(0 <= p.Lower && p.Lower <= p.Top1 && p.Top1 <= p.Upper && p.Upper <= 100, p.ToString()));
    }
}

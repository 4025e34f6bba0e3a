using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.PerDevice;

namespace EdgeOpt.Learning.Tests.PerDevice;

public sealed class PerDeviceLatencyTrainerOptionsTests
{
    public static TheoryData<string, PerDeviceLatencyTrainer.Options, string> BadOptions => new()
    {
        { "NumberOfTrees", new() { Seed = 1, NumberOfTrees = 0 }, "1..10000" },
        { "NumberOfLeaves", new() { Seed = 1, NumberOfLeaves = 1 }, "2..1024" },
        { "LearningRate", new() { Seed = 1, LearningRate = 0 }, "greater than 0 and at most 1" },
        { "LearningRate", new() { Seed = 1, LearningRate = double.NaN }, "greater than 0 and at most 1" },
        { "MinimumExampleCountPerLeaf", new() { Seed = 1, MinimumExampleCountPerLeaf = 0 }, "1..10000" },
        { "FeatureFraction", new() { Seed = 1, FeatureFraction = 1.5 }, "greater than 0 and at most 1" },
        { "Folds", new() { Seed = 1, Folds = 1 }, "2..20" },
        { "IntervalCoverage", new() { Seed = 1, IntervalCoverage = 1.0 }, "strictly between 0 and 1" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Constructor_OptionOutOfRange_NamesTheOptionAndItsAllowedValues(
        string option, PerDeviceLatencyTrainer.Options options, string allowed)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PerDeviceLatencyTrainer(SearchSpaces.Nb201, options));

        Assert.Contains($"PerDeviceLatencyTrainer.Options.{option}", error.Message);
        Assert.Contains(allowed, error.Message);
    }

    [Fact]
    public void Constructor_CellStructureFeaturesForFbnet_NamesTheOptionAndTheSetsFbnetAllows()
    {
        var options = new PerDeviceLatencyTrainer.Options { Seed = 1, FeatureSet = ArchitectureFeatureSet.EncodingAndCellStructure };

        var error = Assert.Throws<ArgumentException>(() => new PerDeviceLatencyTrainer(SearchSpaces.Fbnet, options));

        Assert.Contains("PerDeviceLatencyTrainer.Options.FeatureSet", error.Message);
        Assert.Contains("allowed: Auto, Encoding", error.Message);
    }

    [Fact]
    public void FeatureSet_Auto_AddsCellStructureForNb201Only()
    {
        Assert.Equal(ArchitectureFeatureSet.EncodingAndCellStructure,
            new PerDeviceLatencyTrainer(SearchSpaces.Nb201, new() { Seed = 1 }).FeatureSet);
        Assert.Equal(ArchitectureFeatureSet.Encoding,
            new PerDeviceLatencyTrainer(SearchSpaces.Fbnet, new() { Seed = 1 }).FeatureSet);
    }

    [Fact]
    public void Fit_FewerMeasurementsThanTheFoldsNeed_SaysHowManyAreNeededAndWhy()
    {
        var trainer = new PerDeviceLatencyTrainer(SearchSpaces.Nb201, new() { Seed = 1, Folds = 5, MinimumExampleCountPerLeaf = 3 });
        var few = TestSupport.SyntheticLatency.Sample(SearchSpaces.Nb201, trainer.MinimumMeasurements - 1, 1, TestSupport.SyntheticLatency.Nb201Ms);

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(few));

        Assert.Contains($"at least {trainer.MinimumMeasurements}", error.Message);
        Assert.Contains("Folds = 5", error.Message);
        Assert.Contains("MinimumExampleCountPerLeaf = 3", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Fit_LatencyNotPositiveAndFinite_NamesTheMeasurement(double bad)
    {
        var trainer = new PerDeviceLatencyTrainer(SearchSpaces.Nb201, new() { Seed = 1 });
        var data = TestSupport.SyntheticLatency.Sample(SearchSpaces.Nb201, 40, 1, TestSupport.SyntheticLatency.Nb201Ms);
        data[17].Item2 = bad;

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(data));

        Assert.Contains("measurement 17", error.Message);
        Assert.Contains("finite and > 0", error.Message);
    }

    [Fact]
    public void Fit_RepeatedArchitecture_NamesBothMeasurements()
    {
        var trainer = new PerDeviceLatencyTrainer(SearchSpaces.Nb201, new() { Seed = 1 });
        var data = TestSupport.SyntheticLatency.Sample(SearchSpaces.Nb201, 40, 1, TestSupport.SyntheticLatency.Nb201Ms);
        data[30] = data[4];

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(data));

        Assert.Contains("measurement 30 repeats the architecture of measurement 4", error.Message);
    }

    [Fact]
    public void Fit_ArchitectureOfAnotherSpace_NamesItsIndexAndBothSpaces()
    {
        var trainer = new PerDeviceLatencyTrainer(SearchSpaces.Nb201, new() { Seed = 1 });
        var data = TestSupport.SyntheticLatency.Sample(SearchSpaces.Nb201, 40, 1, TestSupport.SyntheticLatency.Nb201Ms);
        data[9].Item1 = SearchSpaces.Fbnet.Sample(new Random(3));

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(data));

        Assert.Contains("index 9", error.Message);
        Assert.Contains("'fbnet'", error.Message);
        Assert.Contains("'nb201'", error.Message);
    }
}

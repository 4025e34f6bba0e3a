using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;

namespace EdgeOpt.Learning.Tests.Accuracy;

public sealed class QuantizationAccuracyPriorTests
{
    private static readonly Architecture Cell = SearchSpaces.Nb201.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");

    private static Design Nb201(string policy) => new(Cell, QuantizationPolicy.Parse(policy, 3));

    [Fact]
    public void Estimate_Fp32_IsTheFp32AccuracyLabelledEstimatedWithThePriorsName()
    {
        var prior = QuantizationAccuracyPrior.Default(SearchSpaces.Nb201);

        var estimate = prior.Estimate(Nb201("fp32"), 70.25);

        Assert.Equal(70.25, estimate.Top1);
        Assert.Equal(AccuracyProvenance.Estimated, estimate.Provenance);
        Assert.Equal("estimated", estimate.ProvenanceLabel);
        Assert.Equal(prior.Name, estimate.Source);
        Assert.Contains("nb201", prior.Name);
    }

    [Fact]
    public void Estimate_Fp16_CostsNothingByDefault()
    {
        Assert.Equal(70.25, QuantizationAccuracyPrior.Default(SearchSpaces.Nb201).Estimate(Nb201("fp16"), 70.25).Top1);
    }

    [Theory]
    [InlineData("int8", 3)]
    [InlineData("fp32-int8-int8", 2)]
    [InlineData("int8-fp16-fp32", 1)]
    public void Estimate_Nb201Int8_TakesTheDefaultPenaltyPerInt8Stage(string policy, int int8Stages)
    {
        var estimate = QuantizationAccuracyPrior.Default(SearchSpaces.Nb201).Estimate(Nb201(policy), 70.0);

        Assert.Equal(70.0 - int8Stages * QuantizationAccuracyPrior.DefaultNb201Int8PenaltyPerStage, estimate.Top1, 12);
        Assert.Equal(0.15, QuantizationAccuracyPrior.DefaultNb201Int8PenaltyPerStage);
    }

    [Fact]
    public void Estimate_FbnetAllInt8_TakesThePenaltyOfEachOfItsTwentyTwoLayers()
    {
        var space = SearchSpaces.Fbnet;
        var design = new Design(space.Sample(new Random(1)), QuantizationPolicy.Uniform(22, Precision.Int8));

        var estimate = QuantizationAccuracyPrior.Default(space).Estimate(design, 75.0);

        Assert.Equal(75.0 - 22 * 0.03, estimate.Top1, 12);
    }

    [Fact]
    public void Estimate_CustomPenalties_AddUpPerSlotAndTheNameIsTheGivenOne()
    {
        var prior = new QuantizationAccuracyPrior(SearchSpaces.Nb201,
            new() { Int8PenaltyPerSlot = 0.5, Fp16PenaltyPerSlot = 0.1, Name = "lab-calibrated-2025" });

        var estimate = prior.Estimate(Nb201("int8-fp16-int8"), 60.0);

        Assert.Equal(60.0 - 0.5 - 0.1 - 0.5, estimate.Top1, 12);
        Assert.Equal("lab-calibrated-2025", estimate.Source);
    }

    [Fact]
    public void Estimate_PenaltyLargerThanTheAccuracy_FloorsAtZero()
    {
        var prior = new QuantizationAccuracyPrior(SearchSpaces.Nb201, new() { Int8PenaltyPerSlot = 5 });

        Assert.Equal(0.0, prior.Estimate(Nb201("int8"), 10.0).Top1);
    }

    [Fact]
    public void Report_MeasuredAccuracy_OverridesTheEstimateForThatDesignOnly()
    {
        var prior = QuantizationAccuracyPrior.Default(SearchSpaces.Nb201);

        prior.Report(Nb201("int8"), 68.9);

        var reported = prior.Estimate(Nb201("int8"), 70.0);
        Assert.Equal(68.9, reported.Top1);
        Assert.Equal(AccuracyProvenance.Measured, reported.Provenance);
        Assert.Equal("measured", reported.ProvenanceLabel);
        var other = prior.Estimate(Nb201("fp32-int8-int8"), 70.0);
        Assert.Equal(AccuracyProvenance.Estimated, other.Provenance);
        Assert.Equal(69.7, other.Top1, 12);
    }

    [Fact]
    public void Report_SecondReportForTheSameDesign_ReplacesTheFirst()
    {
        var prior = QuantizationAccuracyPrior.Default(SearchSpaces.Nb201);

        prior.Report(Nb201("int8"), 68.9);
        prior.Report(new Design(SearchSpaces.Nb201.Parse(SearchSpaces.Nb201.Format(Cell)), QuantizationPolicy.Uniform(3, Precision.Int8)), 69.4);

        Assert.Equal(69.4, prior.Estimate(Nb201("int8"), 70.0).Top1);
        Assert.Single(prior.Reports);
    }

    [Fact]
    public void Estimate_PolicyWithTheWrongNumberOfSlots_NamesBothCounts()
    {
        var prior = QuantizationAccuracyPrior.Default(SearchSpaces.Nb201);

        var error = Assert.Throws<ArgumentException>(() =>
            prior.Estimate(new Design(Cell, QuantizationPolicy.Uniform(22, Precision.Int8)), 70.0));

        Assert.Contains("22 slots", error.Message);
        Assert.Contains("'nb201' has 3", error.Message);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(101.0)]
    [InlineData(double.NaN)]
    public void EstimateAndReport_AccuracyOutsidePercentRange_SayTheAllowedRange(double bad)
    {
        var prior = QuantizationAccuracyPrior.Default(SearchSpaces.Nb201);

        Assert.Contains("0..100", Assert.Throws<ArgumentOutOfRangeException>(() => prior.Estimate(Nb201("int8"), bad)).Message);
        Assert.Contains("0..100", Assert.Throws<ArgumentOutOfRangeException>(() => prior.Report(Nb201("int8"), bad)).Message);
    }

    [Fact]
    public void Constructor_NegativePenalty_NamesTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new QuantizationAccuracyPrior(SearchSpaces.Nb201, new() { Int8PenaltyPerSlot = -0.1 }));

        Assert.Contains("QuantizationAccuracyPrior.Options.Int8PenaltyPerSlot is -0.1", error.Message);
    }

    [Fact]
    public void Estimate_DesignOfAnotherSpace_NamesBothSpaces()
    {
        var prior = QuantizationAccuracyPrior.Default(SearchSpaces.Nb201);
        var fbnet = new Design(SearchSpaces.Fbnet.Sample(new Random(2)), QuantizationPolicy.Uniform(22, Precision.Fp32));

        var error = Assert.Throws<ArgumentException>(() => prior.Estimate(fbnet, 70.0));

        Assert.Contains("'fbnet'", error.Message);
        Assert.Contains("'nb201'", error.Message);
    }
}

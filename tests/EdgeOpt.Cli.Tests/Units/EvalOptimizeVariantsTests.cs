using EdgeOpt.Cli.Commands;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Evaluation;
using EdgeOpt.Learning.Optimization.Measurement;
using EdgeOpt.Learning.Optimization.Verification;

namespace EdgeOpt.Cli.Tests.Units;

/// <summary>`edgeopt eval optimize --variants`: one setup per ';' item, keys override the command's setup.</summary>
public sealed class EvalOptimizeVariantsTests
{
    private sealed class ConstantAccuracy(ISearchSpace space) : IAccuracySource
    {
        public string Name => "constant";
        public ISearchSpace Space => space;
        public AccuracyProvenance Provenance => AccuracyProvenance.Measured;
        public IReadOnlyList<Architecture>? Architectures => null;
        public AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures) =>
            architectures.Select(_ => new AccuracyPrediction(50, 50, 50)).ToArray();
    }

    private static OptimizeEvaluationSetup Base()
    {
        var space = SearchSpaces.Nb201;
        var table = new MeasurementTable(space.Id, [space.Format(space.At(0))], null, [new DeviceColumn("dev", [1.0])]);
        return new OptimizeEvaluationSetup { Space = space, Test = table, Accuracy = new ConstantAccuracy(space), Seed = 3 };
    }

    [Fact]
    public void ParseVariants_KeysOverrideTheBase_AndUnsetConfidenceFollowsVerify()
    {
        var variants = EvalOptimizeCommand.ParseVariants(
            "verify=1,front=uncertainty,fallback-confidence=none; verify=0,signature=5,confidence=0.9", Base(), confidenceGiven: false);

        Assert.Equal(2, variants.Count);
        Assert.Equal(1, variants[0].Verify);
        Assert.Equal(OptimizeEvaluationSetup.DefaultConfidence(1), variants[0].Confidence);
        Assert.Equal(FrontPlacement.Uncertainty, variants[0].FrontPlacement);
        Assert.Null(variants[0].CertifiedFallbackConfidence);
        Assert.Equal(0, variants[1].Verify);
        Assert.Equal(0.9, variants[1].Confidence);
        Assert.Equal(5, variants[1].SignatureCount);
        Assert.Equal(OptimizeEvaluationSetup.DefaultFrontPlacement, variants[1].FrontPlacement);
        Assert.All(variants, v => Assert.Equal(3, v.Seed));
    }

    [Fact]
    public void ParseVariants_UnknownKey_NamesItAndTheAllowedKeys()
    {
        var error = Assert.Throws<ArgumentException>(() => EvalOptimizeCommand.ParseVariants("verify=1,budget=3", Base(), confidenceGiven: false));

        Assert.Contains("'budget'", error.Message);
        Assert.Contains("verify, confidence, signature, front, fallback-confidence, ladder, placement-confidence, fallback-order, miss-rate", error.Message);
    }

    [Fact]
    public void ParseVariants_LadderPlacementAndOrder_OverrideTheMeasurementPlanAndVerifier()
    {
        var variants = EvalOptimizeCommand.ParseVariants(
            "ladder=0.1/0.5/0.9,placement-confidence=0.85,fallback-order=fastest-first; verify=1", Base(), confidenceGiven: false);

        Assert.Equal([0.1, 0.5, 0.9], variants[0].VerificationLadder);
        Assert.Equal(0.85, variants[0].PlacementConfidence);
        Assert.Equal(FallbackOrder.FastestFirst, variants[0].FallbackOrder);
        Assert.Equal(Base().VerificationLadder, variants[1].VerificationLadder);
        Assert.Equal(FrontierMeasurements.DefaultFallbackConfidence, variants[1].PlacementConfidence);
        Assert.Equal(FallbackOrder.SlowestFirst, variants[1].FallbackOrder);
    }

    [Fact]
    public void ParseVariants_MissRate_SetsTheUnverifiedRule_OrTurnsItOff()
    {
        var variants = EvalOptimizeCommand.ParseVariants("verify=0,miss-rate=0.05; verify=0,miss-rate=none; verify=0", Base(), confidenceGiven: false);

        Assert.Equal(0.05, variants[0].UnmodeledMissRate);
        Assert.Null(variants[1].UnmodeledMissRate);
        Assert.Equal(VerifiedOptimizer.DefaultUnmodeledMissRate, variants[2].UnmodeledMissRate);
    }

    [Theory]
    [InlineData("miss-rate=1", "in [0, 1), or none")]
    [InlineData("miss-rate=-0.1", "miss-rate '-0.1'")]
    [InlineData("ladder=0.1/1.2", "'1.2'")]
    [InlineData("ladder=/", "at least one probability")]
    [InlineData("placement-confidence=0.8/0.9", "one probability")]
    [InlineData("fallback-order=middle", "allowed slowest-first, fastest-first")]
    public void ParseVariants_BadLadderPlacementOrOrder_NamesTheValueAndWhatIsAllowed(string item, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => EvalOptimizeCommand.ParseVariants(item, Base(), confidenceGiven: false));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ParseVariants_FallbackConfidenceOutOfRange_NamesTheItem()
    {
        var error = Assert.Throws<ArgumentException>(() => EvalOptimizeCommand.ParseVariants("fallback-confidence=1.5", Base(), confidenceGiven: false));

        Assert.Contains("fallback-confidence=1.5", error.Message);
    }
}

using EdgeOpt.Cli.Commands;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Evaluation;
using EdgeOpt.Learning.Optimization.Measurement;

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
        Assert.Contains("verify, confidence, signature, front, fallback-confidence", error.Message);
    }

    [Fact]
    public void ParseVariants_FallbackConfidenceOutOfRange_NamesTheItem()
    {
        var error = Assert.Throws<ArgumentException>(() => EvalOptimizeCommand.ParseVariants("fallback-confidence=1.5", Base(), confidenceGiven: false));

        Assert.Contains("fallback-confidence=1.5", error.Message);
    }
}

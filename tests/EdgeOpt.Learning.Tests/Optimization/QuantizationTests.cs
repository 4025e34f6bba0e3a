using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Optimization.Search;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

public sealed class QuantizationTests
{
    private static readonly Precision[] Fp32AndInt8 = [Precision.Fp32, Precision.Int8];

    /// <summary>Int8 designs measured on the device at <paramref name="factor"/> x the fp32 latency (whole network).</summary>
    private static DesignObservation[] Int8Measurements(double factor) =>
        Enumerable.Range(0, 12).Select(i => SearchSpaces.Nb201.At(i * 1000 + 3))
            .Select(a => new DesignObservation(new Design(a, QuantizationPolicy.Uniform(3, Precision.Int8)), factor * SyntheticLatency.Nb201Ms(a)))
            .ToArray();

    [Fact]
    public void Optimize_Int8NeverMeasured_IsNotAssumedFasterAndAnswersFp32WithANote()
    {
        var problem = OptimizationFixtures.Problem(6.0, allowed: Fp32AndInt8);

        var result = new ExhaustiveOptimizer().Optimize(problem, CancellationToken.None);

        Assert.All(result.Chosen.Design.Policy.Slots, s => Assert.Equal(Precision.Fp32, s));
        Assert.Equal(OptimizationFixtures.EnumeratedOptimum(6.0, 0, 0).Top1, result.Chosen.Accuracy.Top1, 9);
        Assert.Contains(result.Notes, n => n.Contains("no int8 measurement on this device", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_Int8Design_IsChargedThePriorsPenaltyPerSlot()
    {
        var problem = OptimizationFixtures.Problem(6.0, allowed: Fp32AndInt8, quantized: Int8Measurements(0.5));
        var architecture = SearchSpaces.Nb201.At(4321);
        var policy = new QuantizationPolicy([Precision.Int8, Precision.Fp32, Precision.Int8]);

        var assessment = new DesignScorer(problem).Assess(new Design(architecture, policy));

        Assert.Equal(OptimizationFixtures.Nb201Accuracy(architecture) - 2 * problem.QuantizationPrior!.Int8PenaltyPerSlot, assessment.Accuracy.Top1, 9);
        Assert.Equal(Core.Spaces.Precision.Int8, policy.Slots[0]);
        Assert.Equal(Learning.Accuracy.AccuracyProvenance.Estimated, assessment.AccuracyProvenance);
    }

    [Fact]
    public void Optimize_MeasuredInt8SpeedUp_ChoosesInt8OnlyWhenItPaysForItsPenalty()
    {
        var quantized = Int8Measurements(0.5);
        const double tight = 6.0;
        var loose = OptimizationFixtures.Space.Enumerate().Max(SyntheticLatency.Nb201Ms) * 1.01; // the best fp32 cell fits

        var tightResult = new ExhaustiveOptimizer().Optimize(OptimizationFixtures.Problem(tight, allowed: Fp32AndInt8, quantized: quantized), CancellationToken.None);
        var looseResult = new ExhaustiveOptimizer().Optimize(OptimizationFixtures.Problem(loose, allowed: Fp32AndInt8, quantized: quantized), CancellationToken.None);
        var fp32Tight = OptimizationFixtures.EnumeratedOptimum(tight, 0, 0);

        Assert.Contains(Precision.Int8, tightResult.Chosen.Design.Policy.Slots);
        Assert.True(tightResult.Chosen.Accuracy.Top1 > fp32Tight.Top1,
            $"int8 answer {tightResult.Chosen.Accuracy.Top1} (after penalty) must beat the best fp32 answer {fp32Tight.Top1}");
        Assert.All(looseResult.Chosen.Design.Policy.Slots, s => Assert.Equal(Precision.Fp32, s));
    }

    [Fact]
    public void PrecisionFactors_FromMeasurements_RecoverThePerSlotFactor()
    {
        var predictor = new FunctionPredictor(SyntheticLatency.Nb201Ms, _ => 0.02);

        var factors = PrecisionFactors.Estimate(predictor, Int8Measurements(0.6));

        Assert.Equal(Math.Pow(0.6, 1.0 / 3), factors.PerSlotFactor(Precision.Int8), 2);
        Assert.Equal(1.0, factors.PerSlotFactor(Precision.Fp16));
        Assert.Equal(12, factors.MeasurementsOf(Precision.Int8));
        Assert.Contains(factors.Notes, n => n.StartsWith("no fp16 measurement", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_QuantizedPrecisionWithoutPrior_NamesTheMissingField()
    {
        var problem = OptimizationFixtures.Problem(6.0, allowed: Fp32AndInt8) with { QuantizationPrior = null };

        var error = Assert.Throws<ArgumentException>(() => new ExhaustiveOptimizer().Optimize(problem, CancellationToken.None));

        Assert.Contains("QuantizationPrior", error.Message);
        Assert.Contains("int8", error.Message);
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Numerics;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Certification;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

public sealed class CertificationTests
{
    private static Design Fp32(Architecture architecture) => new(architecture, QuantizationPolicy.Uniform(3, Precision.Fp32));

    [Theory]
    [InlineData(0.0, 0.2)]
    [InlineData(1.2816, 0.1)]
    [InlineData(-0.5, 0.3)]
    public void FitConfidence_IsTheLogNormalProbabilityOfMeetingTheBudget(double zBelowBudget, double spread)
    {
        const double budget = 6.0;
        var architecture = OptimizationFixtures.Space.At(123);
        var median = Math.Exp(Math.Log(budget) - zBelowBudget * spread);
        var problem = OptimizationFixtures.Problem(budget, spread, latency: _ => median);

        var assessment = new DesignScorer(problem).Assess(Fp32(architecture));

        Assert.Equal(NormalDistribution.Cdf(zBelowBudget), assessment.FitConfidence, 6);
        Assert.Equal(assessment.FitConfidence >= 0.9 - 1e-6, assessment.Fits || Math.Abs(assessment.FitConfidence - 0.9) < 1e-4);
    }

    [Fact]
    public void Certify_DesignJustOverBudget_IsRepairedToAFittingDesignThatKeepsAccuracyHigh()
    {
        const double budget = 6.0;
        var overBudget = OptimizationFixtures.Space.Enumerate()
            .Where(a => SyntheticLatency.Nb201Ms(a) > budget && SyntheticLatency.Nb201Ms(a) <= budget * 1.15)
            .MaxBy(OptimizationFixtures.Nb201Accuracy)!;
        Assert.True(SyntheticLatency.Nb201Ms(overBudget) > budget, "fixture: the start must be over budget");
        var scorer = new DesignScorer(OptimizationFixtures.Problem(budget));
        var bestOneChangeAway = Enumerable.Range(0, 6).SelectMany(d => Enumerable.Range(0, 5).Where(o => o != overBudget.Choices[d]).Select(o =>
            {
                var choices = overBudget.Choices.ToArray();
                choices[d] = o;
                return new Architecture(overBudget.SpaceId, choices);
            }))
            .Where(a => SyntheticLatency.Nb201Ms(a) <= budget).Max(OptimizationFixtures.Nb201Accuracy);
        var fastestFitting = OptimizationFixtures.Space.Enumerate().Where(a => SyntheticLatency.Nb201Ms(a) <= budget)
            .MinBy(SyntheticLatency.Nb201Ms)!;

        var (design, outcome, note) = DesignCertifier.Certify(scorer, scorer.Assess(Fp32(overBudget)), null, CancellationToken.None);

        Assert.Equal(CertificationOutcome.Repaired, outcome);
        Assert.True(design.Fits);
        Assert.True(SyntheticLatency.Nb201Ms(design.Design.Architecture) <= budget);
        Assert.True(design.Accuracy.Top1 >= bestOneChangeAway,
            $"repaired accuracy {design.Accuracy.Top1} should be at least that of the best fitting design one change away, {bestOneChangeAway}");
        Assert.True(design.Accuracy.Top1 > OptimizationFixtures.Nb201Accuracy(fastestFitting));
        Assert.Contains("repaired", note);
    }

    [Theory]
    [InlineData(4.0)]
    [InlineData(6.0)]
    [InlineData(9.0)]
    public void Polish_AccuracyOnly_ChoosesWhatAssessingEveryNeighbourChooses_AndPredictsOnlyMoreAccurateOnes(double budget)
    {
        var plain = new DesignScorer(OptimizationFixtures.Problem(budget, spread: 0.05));
        // A fitting start well below the optimum, so that polishing has somewhere to go.
        var start = plain.Assess(OptimizationFixtures.Space.Enumerate().Select(Fp32)
            .Where(d => SyntheticLatency.Nb201Ms(d.Architecture) < 0.8 * budget).ToArray())
            .Where(a => a.Fits).OrderBy(a => a.Score).ElementAt(40);
        var expected = plain.Assess(DesignNeighborhood.Of(plain, start.Design))
            .Where(n => n.Fits && n.Score > start.Score).Aggregate(start, DesignAssessment.Better);
        // The same problem with a fresh cost model that records what it is asked to predict.
        var predicted = new HashSet<Architecture>();
        var scorer = new DesignScorer(OptimizationFixtures.Problem(budget, spread: 0.05, latency: a =>
        {
            predicted.Add(a);
            return SyntheticLatency.Nb201Ms(a);
        }));
        var options = new DesignCertifier.Options { PolishSteps = 1, PolishCertified = true, PairMovesUpTo = 0 };

        var (design, _, _) = DesignCertifier.Certify(scorer, start, options, CancellationToken.None);

        Assert.Equal(expected.Design, design.Design);
        Assert.NotEqual(start.Design, design.Design);
        Assert.NotEmpty(predicted);
        Assert.All(predicted, a => Assert.True(OptimizationFixtures.Nb201Accuracy(a) > start.Accuracy.Top1,
            $"{OptimizationFixtures.Space.Format(a)} ({OptimizationFixtures.Nb201Accuracy(a)}) cannot beat the start ({start.Accuracy.Top1}) and was predicted"));
    }

    [Fact]
    public void Certify_FittingDesign_IsReturnedUnchangedAsCertified()
    {
        var scorer = new DesignScorer(OptimizationFixtures.Problem(6.0));
        var fitting = scorer.Assess(Fp32(OptimizationFixtures.EnumeratedOptimum(6.0, 0, 0).Architecture));

        var (design, outcome, _) = DesignCertifier.Certify(scorer, fitting, null, CancellationToken.None);

        Assert.Equal(CertificationOutcome.Certified, outcome);
        Assert.Equal(fitting.Design, design.Design);
    }

    [Fact]
    public void Certify_RepairStuckAmongUncertainNeighbours_FallsBackToTheBestMeasuredDesignThatFits()
    {
        // Unmeasured cells are very uncertain; two measured ones are known exactly. The start (measured, over budget)
        // has no neighbour that fits or is closer, so only a measured design can be certified.
        var space = OptimizationFixtures.Space;
        var start = space.At(10);
        var goodMeasured = space.At(20);
        var observations = new[] { new LatencyObservation(start, 8.0), new LatencyObservation(goodMeasured, 4.0) };
        var problem = OptimizationFixtures.Problem(6.0, spread: 3.0, observations: observations, latency: _ => 7.0);
        var scorer = new DesignScorer(problem);

        var (design, outcome, _) = DesignCertifier.Certify(scorer, scorer.Assess(Fp32(start)), null, CancellationToken.None);

        Assert.Equal(CertificationOutcome.Repaired, outcome);
        Assert.Equal(goodMeasured, design.Design.Architecture);
        Assert.Equal(4.0, design.LatencyMs, 9);
    }
}

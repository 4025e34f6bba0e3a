using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Numerics;
using EdgeOpt.Learning.Optimization.Certification;
using EdgeOpt.Learning.Optimization.Search;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

public sealed class ExhaustiveOptimizerTests
{
    [Theory]
    [InlineData(3.0)]
    [InlineData(6.5)]
    [InlineData(12.0)]
    public void Optimize_ExactPredictions_AnswersTheMostAccurateCellWithinBudget(double budgetMs)
    {
        var expected = OptimizationFixtures.EnumeratedOptimum(budgetMs, 0, 0);

        var result = new ExhaustiveOptimizer().Optimize(OptimizationFixtures.Problem(budgetMs), CancellationToken.None);

        Assert.Equal(expected.Top1, result.Chosen.Accuracy.Top1, 9);
        Assert.True(SyntheticLatency.Nb201Ms(result.Chosen.Design.Architecture) <= budgetMs);
        Assert.Equal(CertificationOutcome.Certified, result.Certification);
        Assert.Equal(1.0, result.Chosen.FitConfidence);
        Assert.Equal("exhaustive", result.Optimizer);
        Assert.True(result.Evaluations >= 15_625, $"{result.Evaluations} designs scored; every cell should be");
    }

    [Fact]
    public void Optimize_DeviceReportingWholeMilliseconds_AcceptsACellWithinHalfAMillisecondOverTheBudget()
    {
        // Five cells measured at whole milliseconds (slow ones, far over every budget here) mark the device's grid.
        var space = OptimizationFixtures.Space;
        var grid = Enumerable.Range(0, 5).Select(i => new LatencyObservation(space.At(i), 1000 + i)).ToArray();
        var budget = Enumerable.Range(3, 20).Select(b => (double)b)
            .First(b => OptimizationFixtures.EnumeratedOptimum(b + 0.5, 0, 0).Top1 > OptimizationFixtures.EnumeratedOptimum(b, 0, 0).Top1);
        var expected = OptimizationFixtures.EnumeratedOptimum(budget + 0.5, 0, 0);

        var result = new ExhaustiveOptimizer().Optimize(OptimizationFixtures.Problem(budget, observations: grid), CancellationToken.None);

        Assert.Equal(expected.Top1, result.Chosen.Accuracy.Top1, 9);
        var continuous = SyntheticLatency.Nb201Ms(result.Chosen.Design.Architecture);
        Assert.True(continuous > budget && continuous <= budget + 0.5,
            $"the answer's {continuous} ms should be over the {budget} ms budget by at most half a millisecond (reported as {budget} ms)");
        Assert.Equal(CertificationOutcome.Certified, result.Certification);
    }

    [Fact]
    public void Optimize_WithSpread_KeepsTheConfidenceQuantileWithinBudget()
    {
        const double budget = 6.5, spread = 0.1;
        var z = NormalDistribution.Quantile(0.9);
        var expected = OptimizationFixtures.EnumeratedOptimum(budget, spread, z);
        var optimistic = OptimizationFixtures.EnumeratedOptimum(budget, 0, 0);
        Assert.True(optimistic.Top1 > expected.Top1, "the fixture should make the chance constraint bind");

        var result = new ExhaustiveOptimizer().Optimize(OptimizationFixtures.Problem(budget, spread), CancellationToken.None);

        Assert.Equal(expected.Top1, result.Chosen.Accuracy.Top1, 9);
        Assert.True(result.Chosen.FitConfidence >= 0.9, $"fit confidence {result.Chosen.FitConfidence}");
    }

    [Fact]
    public void Optimize_OneBatchedPredictionForAllCells_AndCachedAcrossBudgets()
    {
        var predictor = new FunctionPredictor(SyntheticLatency.Nb201Ms, _ => 0.05);
        var problem = OptimizationFixtures.Problem(6) with { Latency = new(predictor) };

        new ExhaustiveOptimizer().Optimize(problem, CancellationToken.None);
        new ExhaustiveOptimizer().Optimize(problem with { Budgets = new(9) }, CancellationToken.None);

        Assert.Equal(1, predictor.Calls);
    }

    [Fact]
    public void Optimize_BudgetBelowEveryCell_AnswersTheClosestAsNotCertified()
    {
        var fastest = OptimizationFixtures.Space.Enumerate().Min(SyntheticLatency.Nb201Ms);

        var result = new ExhaustiveOptimizer().Optimize(OptimizationFixtures.Problem(fastest * 0.5), CancellationToken.None);

        Assert.Equal(CertificationOutcome.NotCertified, result.Certification);
        Assert.False(result.Chosen.Fits);
        Assert.Equal(fastest, SyntheticLatency.Nb201Ms(result.Chosen.Design.Architecture), 9);
    }

    [Fact]
    public void Optimize_ParetoFlag_ReturnsNonDominatedFittingDesignsIncludingTheAnswer()
    {
        var result = new ExhaustiveOptimizer().Optimize(OptimizationFixtures.Problem(8) with { Pareto = true }, CancellationToken.None);

        Assert.NotEmpty(result.ParetoSet);
        Assert.Contains(result.ParetoSet, d => d.Design == result.Chosen.Design);
        Assert.All(result.ParetoSet, d => Assert.True(d.Fits));
        foreach (var a in result.ParetoSet)
            foreach (var b in result.ParetoSet)
                Assert.False(ParetoFrontDominates(a, b), $"{a.Design.Architecture} dominates {b.Design.Architecture}");
    }

    private static bool ParetoFrontDominates(EdgeOpt.Learning.Optimization.DesignAssessment a, EdgeOpt.Learning.Optimization.DesignAssessment b) =>
        EdgeOpt.Learning.Optimization.ParetoFront.Dominates(a, b);
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Certification;
using EdgeOpt.Learning.Optimization.Search;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

public sealed class EvolutionaryOptimizerTests
{
    [Theory]
    [InlineData(4.0)]
    [InlineData(8.0)]
    public void Optimize_TenThousandEvaluations_ReachesTheEnumeratedOptimumOnNb201(double budgetMs)
    {
        var expected = OptimizationFixtures.EnumeratedOptimum(budgetMs, 0, 0);

        var result = new EvolutionaryOptimizer().Optimize(OptimizationFixtures.Problem(budgetMs), CancellationToken.None);

        Assert.Equal(expected.Top1, result.Chosen.Accuracy.Top1, 9);
        Assert.Equal("evolution", result.Optimizer);
    }

    [Fact]
    public void Optimize_SameSeed_SameAnswer()
    {
        var problem = OptimizationFixtures.Problem(5) with { Seed = 7 };
        var options = new EvolutionaryOptimizer.Options { EvaluationBudget = 600 };

        var a = new EvolutionaryOptimizer(options).Optimize(problem, CancellationToken.None);
        var b = new EvolutionaryOptimizer(options).Optimize(problem, CancellationToken.None);

        Assert.Equal(a.Chosen.Design, b.Chosen.Design);
    }

    [Fact]
    public void Optimize_FbnetAdditiveProblem_AnswerFitsAndBeatsRandomSampling()
    {
        var space = SearchSpaces.Fbnet;
        var problem = new OptimizationProblem
        {
            Space = space,
            Accuracy = new FunctionAccuracy(space, a => 50 + a.Choices.Select((c, d) => c == 8 ? 0 : (1 + c % 4) * 0.3 * (1 + 0.01 * d)).Sum()),
            Latency = new(new FunctionPredictor(SyntheticLatency.FbnetMs, _ => 0)),
            Budgets = new OptimizationBudgets(3.2),
        };
        var random = new Random(3);
        var bestRandom = Enumerable.Range(0, 2000).Select(_ => space.Sample(random))
            .Where(a => SyntheticLatency.FbnetMs(a) <= 3.2).Select(a => problem.Accuracy.Predict([a])[0].Top1).DefaultIfEmpty(0).Max();

        var result = new EvolutionaryOptimizer(new EvolutionaryOptimizer.Options { EvaluationBudget = 2000 }).Optimize(problem, CancellationToken.None);

        Assert.True(result.Chosen.Fits);
        Assert.True(SyntheticLatency.FbnetMs(result.Chosen.Design.Architecture) <= 3.2);
        Assert.True(result.Chosen.Accuracy.Top1 > bestRandom, $"evolution {result.Chosen.Accuracy.Top1} vs best of 2000 random {bestRandom}");
    }

    [Fact]
    public void IsBetterThan_FittingBeatsNotFitting_SmallerViolationBeatsLarger_HigherScoreBeatsLowerAmongFitting()
    {
        var design = new Design(OptimizationFixtures.Space.At(0), QuantizationPolicy.Uniform(3, Precision.Fp32));
        DesignAssessment Make(double score, double violation) => new(
            design, new AccuracyPrediction(score, score, score), AccuracyProvenance.Estimated, new LatencyPrediction(0, 0.1), null,
            violation == 0 ? 0.95 : 0.2, violation, score);

        Assert.True(Make(50, 0).IsBetterThan(Make(70, 0.01)));
        Assert.True(Make(50, 0.01).IsBetterThan(Make(70, 0.2)));
        Assert.True(Make(70, 0).IsBetterThan(Make(50, 0)));
        Assert.True(Make(70, 0.1).IsBetterThan(Make(50, 0.1)));
        Assert.False(Make(70, 0.1).IsBetterThan(Make(70, 0)));
    }

    [Fact]
    public void Optimize_NothingFits_AnswersTheSmallestViolation()
    {
        var fastest = OptimizationFixtures.Space.Enumerate().Min(SyntheticLatency.Nb201Ms);

        var result = new EvolutionaryOptimizer().Optimize(OptimizationFixtures.Problem(fastest / 2), CancellationToken.None);

        Assert.Equal(CertificationOutcome.NotCertified, result.Certification);
        Assert.Equal(fastest, SyntheticLatency.Nb201Ms(result.Chosen.Design.Architecture), 9);
    }
}

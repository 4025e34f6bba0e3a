using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Optimization.Search;
using EdgeOpt.Learning.Optimization.Verification;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

public sealed class VerificationTests
{
    /// <summary>Measures the synthetic truth; counts measurements.</summary>
    private sealed class TruthVerifier(Func<Architecture, double> truth) : IDesignVerifier
    {
        public List<Design> Measured { get; } = [];

        public ValueTask<DesignMeasurement?> MeasureAsync(Design design, CancellationToken cancellationToken)
        {
            Measured.Add(design);
            return ValueTask.FromResult<DesignMeasurement?>(new DesignMeasurement(design, truth(design.Architecture)));
        }
    }

    /// <summary>Ten cells spread evenly over the synthetic latency range.</summary>
    private static readonly Architecture[] Signature = SignatureCells();

    private static Architecture[] SignatureCells()
    {
        var sorted = SearchSpaces.Nb201.Enumerate().OrderBy(SyntheticLatency.Nb201Ms).ToArray();
        return Enumerable.Range(0, 10).Select(i => sorted[(int)((i + 0.5) / 10 * sorted.Length)]).ToArray();
    }

    /// <summary>A device 40 % slower than the predictor believes, with signature measurements of the truth.</summary>
    private static OptimizationProblem Optimistic(double budget)
    {
        static double Truth(Architecture a) => 1.4 * SyntheticLatency.Nb201Ms(a);
        var observations = Signature.Select(a => new LatencyObservation(a, Truth(a))).ToArray();
        return OptimizationFixtures.Problem(budget, spread: 0.05, observations: observations);
    }

    [Theory]
    [InlineData(4.0)]
    [InlineData(6.0)]
    [InlineData(9.0)]
    [InlineData(14.0)]
    public async Task OptimizeAsync_OneVerification_NeverAnswersADesignMeasuredOverBudget(double budget)
    {
        var verifier = new TruthVerifier(a => 1.4 * SyntheticLatency.Nb201Ms(a));
        var problem = Optimistic(budget);
        Assert.Contains(Signature, a => 1.4 * SyntheticLatency.Nb201Ms(a) <= budget); // a fallback exists

        var result = await new VerifiedOptimizer(new ExhaustiveOptimizer(), 1).OptimizeAsync(problem, verifier, CancellationToken.None);

        Assert.True(verifier.Measured.Count <= 1);
        Assert.True(1.4 * SyntheticLatency.Nb201Ms(result.Chosen.Design.Architecture) <= budget,
            $"answered {result.Chosen.Design.Architecture} at {1.4 * SyntheticLatency.Nb201Ms(result.Chosen.Design.Architecture)} ms over {budget} ms");
        Assert.NotNull(result.Verification);
        Assert.True(result.Verification!.Verified);
    }

    [Fact]
    public async Task OptimizeAsync_FailedVerification_FallsBackToTheMostAccurateDesignMeasuredWithinBudget()
    {
        const double budget = 9.0;
        var verifier = new TruthVerifier(a => 1.4 * SyntheticLatency.Nb201Ms(a));
        var expected = Signature.Where(a => 1.4 * SyntheticLatency.Nb201Ms(a) <= budget).MaxBy(OptimizationFixtures.Nb201Accuracy);

        var result = await new VerifiedOptimizer(new ExhaustiveOptimizer(), 1).OptimizeAsync(Optimistic(budget), verifier, CancellationToken.None);

        Assert.True(result.Verification!.Fallback, "the optimistic answer should fail its verification");
        Assert.Equal(expected, result.Chosen.Design.Architecture);
        Assert.Contains(result.Notes, n => n.StartsWith("verification failed", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("fallback", StringComparison.Ordinal));
    }

    /// <summary>The optimistic problem whose predictor, once it has seen a verification, predicts the truth with this spread.</summary>
    private static OptimizationProblem LearnsTheTruth(double budget, double spread)
    {
        var problem = Optimistic(budget);
        return problem with
        {
            Latency = new DesignCostModel(problem.Latency.Predictor, null,
                observations => new FunctionPredictor(a => 1.4 * SyntheticLatency.Nb201Ms(a), _ => spread, observations)),
        };
    }

    [Fact]
    public async Task OptimizeAsync_CertifiedFallback_AnswersTheMostAccurateDesignCertifiedAfterTheFailedMeasurement()
    {
        const double budget = 9.0, spread = 0.05, confidence = 0.99;
        var verifier = new TruthVerifier(a => 1.4 * SyntheticLatency.Nb201Ms(a));
        var measuredFallback = Signature.Where(a => 1.4 * SyntheticLatency.Nb201Ms(a) <= budget).Max(OptimizationFixtures.Nb201Accuracy);

        var result = await new VerifiedOptimizer(new ExhaustiveOptimizer(), 1, certifiedFallbackConfidence: confidence)
            .OptimizeAsync(LearnsTheTruth(budget, spread), verifier, CancellationToken.None);

        var failed = Assert.Single(verifier.Measured).Architecture;
        var z = EdgeOpt.Learning.Numerics.NormalDistribution.Quantile(confidence);
        var certifiedBest = SearchSpaces.Nb201.Enumerate()
            .Where(a => !a.Equals(failed) && Math.Log(1.4 * SyntheticLatency.Nb201Ms(a)) + z * spread <= Math.Log(budget))
            .Max(OptimizationFixtures.Nb201Accuracy);
        Assert.True(certifiedBest > measuredFallback, "the case needs a certified design better than every measured one");
        Assert.True(result.Verification!.Fallback);
        Assert.False(result.Verification.Verified);
        Assert.Equal(certifiedBest, OptimizationFixtures.Nb201Accuracy(result.Chosen.Design.Architecture), 9);
        Assert.True(1.4 * SyntheticLatency.Nb201Ms(result.Chosen.Design.Architecture) <= budget);
        Assert.Contains(result.Notes, n => n.StartsWith("fallback", StringComparison.Ordinal) && n.Contains("unmeasured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OptimizeAsync_CertifiedFallbackWorseThanAMeasuredDesign_FallsBackToTheMeasuredOne()
    {
        const double budget = 9.0;
        var verifier = new TruthVerifier(a => 1.4 * SyntheticLatency.Nb201Ms(a));
        var expected = Signature.Where(a => 1.4 * SyntheticLatency.Nb201Ms(a) <= budget).MaxBy(OptimizationFixtures.Nb201Accuracy);

        // So uncertain after the failure that only far faster, far less accurate designs are certified.
        var result = await new VerifiedOptimizer(new ExhaustiveOptimizer(), 1, certifiedFallbackConfidence: 0.99)
            .OptimizeAsync(LearnsTheTruth(budget, spread: 1.5), verifier, CancellationToken.None);

        Assert.True(result.Verification!.Verified, "the answer is a design measured within the budget");
        Assert.Equal(expected, result.Chosen.Design.Architecture);
        Assert.DoesNotContain(result.Notes, n => n.Contains("unmeasured", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_CertifiedFallbackConfidenceOutsideZeroOne_NamesTheParameter()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VerifiedOptimizer(new ExhaustiveOptimizer(), 1, certifiedFallbackConfidence: 1.0));

        Assert.Equal("certifiedFallbackConfidence", error.ParamName);
    }

    [Fact]
    public async Task OptimizeAsync_TwoVerifications_ReoptimizesAfterAFailureWithTheMeasurementLearned()
    {
        const double budget = 9.0;
        var verifier = new TruthVerifier(a => 1.4 * SyntheticLatency.Nb201Ms(a));
        var problem = Optimistic(budget);
        // Re-adapting: a predictor that has seen one measurement of the truth predicts the truth from then on.
        problem = problem with
        {
            Latency = new DesignCostModel(problem.Latency.Predictor, null,
                observations => new FunctionPredictor(a => 1.4 * SyntheticLatency.Nb201Ms(a), _ => 0.05, observations)),
        };

        var result = await new VerifiedOptimizer(new ExhaustiveOptimizer(), 2).OptimizeAsync(problem, verifier, CancellationToken.None);

        Assert.Equal(2, verifier.Measured.Count);
        Assert.True(result.Verification!.Verified);
        Assert.False(result.Verification.Fallback);
        Assert.True(1.4 * SyntheticLatency.Nb201Ms(result.Chosen.Design.Architecture) <= budget);
        Assert.Contains(result.Notes, n => n.StartsWith("re-optimized", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OptimizeAsync_ConfidenceLadder_VerifiesAnAnswerAndStaysWithinBudget()
    {
        const double budget = 9.0;
        var verifier = new TruthVerifier(a => 1.4 * SyntheticLatency.Nb201Ms(a));

        var result = await new VerifiedOptimizer(new ExhaustiveOptimizer(), 1, confidenceLadder: VerifiedOptimizer.DefaultLadder)
            .OptimizeAsync(Optimistic(budget), verifier, CancellationToken.None);

        Assert.True(1.4 * SyntheticLatency.Nb201Ms(result.Chosen.Design.Architecture) <= budget);
        Assert.Contains(result.Notes, n => n.StartsWith("verification target chosen at confidence", StringComparison.Ordinal));
    }

    /// <summary>
    /// A problem at 9 ms (spread 0.05, confidence 0.97) whose device has measured one design within the budget that is
    /// less accurate than the optimizer's answer: the most accurate such cell, or with <paramref name="poor"/> the least.
    /// </summary>
    private static (OptimizationProblem Problem, OptimizationResult Plain, Architecture Measured) OneMeasuredWithin(bool poor)
    {
        const double budget = 9.0;
        var unmeasured = OptimizationFixtures.Problem(budget, spread: 0.05, confidence: 0.97);
        var plain = new ExhaustiveOptimizer().Optimize(unmeasured, CancellationToken.None);
        var under = SearchSpaces.Nb201.Enumerate()
            .Where(a => SyntheticLatency.Nb201Ms(a) <= budget && OptimizationFixtures.Nb201Accuracy(a) < plain.Chosen.Accuracy.Top1)
            .OrderByDescending(OptimizationFixtures.Nb201Accuracy);
        var measured = poor ? under.Last() : under.First();
        var problem = OptimizationFixtures.Problem(
            budget, spread: 0.05, confidence: 0.97, observations: [new LatencyObservation(measured, SyntheticLatency.Nb201Ms(measured))]);
        return (problem, plain, measured);
    }

    [Fact]
    public void OptimizeUnverified_AMeasuredDesignWorthMoreThanTheRiskyAnswer_IsAnsweredInstead_WithANote()
    {
        var (problem, plain, measured) = OneMeasuredWithin(poor: false);
        var value = plain.Chosen.FitConfidence * (1 - 0.01) * plain.Chosen.Score;
        Assert.True(OptimizationFixtures.Nb201Accuracy(measured) >= value, "the fixture's measured design should be worth more");

        var result = new VerifiedOptimizer(new ExhaustiveOptimizer(), 0, unmodeledMissRate: 0.01).OptimizeUnverified(problem, CancellationToken.None);

        Assert.Equal(measured, result.Chosen.Design.Architecture);
        Assert.Contains(result.Notes, n => n.StartsWith("answered ", StringComparison.Ordinal) && n.Contains("measured at", StringComparison.Ordinal)
                                           && n.Contains("unmodeled miss rate", StringComparison.Ordinal));
    }

    [Fact]
    public void OptimizeUnverified_APoorMeasuredDesign_LeavesTheOptimizersAnswer()
    {
        var (problem, plain, measured) = OneMeasuredWithin(poor: true);
        Assert.True(OptimizationFixtures.Nb201Accuracy(measured) < plain.Chosen.FitConfidence * 0.99 * plain.Chosen.Score);

        var result = new VerifiedOptimizer(new ExhaustiveOptimizer(), 0, unmodeledMissRate: 0.01).OptimizeUnverified(problem, CancellationToken.None);

        Assert.Equal(plain.Chosen.Design, result.Chosen.Design);
        Assert.DoesNotContain(result.Notes, n => n.StartsWith("answered ", StringComparison.Ordinal));
    }

    [Fact]
    public void OptimizeUnverified_WithoutAMissRate_TrustsThePredictor()
    {
        var (problem, plain, _) = OneMeasuredWithin(poor: false);

        var result = new VerifiedOptimizer(new ExhaustiveOptimizer(), 0, unmodeledMissRate: null).OptimizeUnverified(problem, CancellationToken.None);

        Assert.Equal(plain.Chosen.Design, result.Chosen.Design);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    public void Constructor_MissRateOutsideZeroOne_NamesTheParameter(double missRate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VerifiedOptimizer(new ExhaustiveOptimizer(), 0, unmodeledMissRate: missRate));

        Assert.Equal("unmodeledMissRate", error.ParamName);
    }

    [Fact]
    public async Task OptimizeAsync_NoVerification_IsThePlainOptimizerAnswer()
    {
        var verifier = new TruthVerifier(a => SyntheticLatency.Nb201Ms(a));
        var problem = OptimizationFixtures.Problem(7.0);

        var verified = await new VerifiedOptimizer(new ExhaustiveOptimizer(), 0).OptimizeAsync(problem, verifier, CancellationToken.None);
        var plain = new ExhaustiveOptimizer().Optimize(problem, CancellationToken.None);

        Assert.Empty(verifier.Measured);
        Assert.Equal(plain.Chosen.Design, verified.Chosen.Design);
        Assert.Null(verified.Verification);
    }
}

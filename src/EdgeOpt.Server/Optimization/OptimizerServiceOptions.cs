using EdgeOpt.Learning.Optimization.Verification;

namespace EdgeOpt.Server.Optimization;

/// <summary>Settings of the Optimizer service, bound from "EdgeOpt:Optimizer".</summary>
public sealed class OptimizerServiceOptions
{
    public const string SectionName = "EdgeOpt:Optimizer";

    /// <summary>
    /// Required probability that an answer fits its budgets under the predictor (the certification level); unset:
    /// <see cref="VerifiedOptimizer.DefaultConfidence"/> (0.97 without on-device verification, 0.7 with it), the levels
    /// <c>edgeopt eval optimize</c> measures.
    /// </summary>
    public double? Confidence { get; set; }

    /// <summary>
    /// Without on-device verification: the chance that an unmeasured answer misses its budget however sure the
    /// predictor is; the best design measured on the device within the budget is answered unless the unmeasured one is
    /// worth more (<see cref="VerifiedOptimizer.UnmodeledMissRate"/>). 0 weighs the unmeasured answer by its P(fit) alone.
    /// </summary>
    public double? UnmodeledMissRate { get; set; } = VerifiedOptimizer.DefaultUnmodeledMissRate;

    /// <summary>Central interval level of the figures returned.</summary>
    public double IntervalLevel { get; set; } = 0.9;

    /// <summary>How long verify_on_device waits for one benchmark report of the device's agent.</summary>
    public TimeSpan VerificationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Benchmarks one verified decision may take: the answer, and the one re-optimized answer when the first was
    /// measured over budget (see <see cref="VerifiedOptimizer"/>).
    /// </summary>
    public int MaxVerifications { get; set; } = 2;
}

using EdgeOpt.Learning.Optimization.Certification;
using EdgeOpt.Learning.Optimization.Verification;

namespace EdgeOpt.Learning.Optimization;

/// <summary>
/// An optimizer's answer: the chosen design (and, when asked, the Pareto set of designs that fit), how it was
/// certified, which optimizer answered, how many designs it scored and how long it took, and notes (assumptions
/// such as an unmeasured precision taken as no speed-up, repairs, verification outcomes).
/// </summary>
/// <param name="Chosen">The answer; check <see cref="DesignAssessment.Fits"/> and <see cref="Certification"/>.</param>
/// <param name="ParetoSet">Designs that fit, none dominated in (accuracy up, median latency down, median energy down); empty unless asked.</param>
/// <param name="Confidence">The fit probability the problem asked for.</param>
/// <param name="Evaluations">Designs scored against the predictors (search, certification and repair).</param>
/// <param name="Verification">What was measured on the device before answering; null when nothing was.</param>
public sealed record OptimizationResult(
    string Optimizer,
    DesignAssessment Chosen,
    IReadOnlyList<DesignAssessment> ParetoSet,
    CertificationOutcome Certification,
    double Confidence,
    int Evaluations,
    TimeSpan DecisionTime,
    IReadOnlyList<string> Notes,
    VerificationSummary? Verification = null);

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Optimization;

/// <summary>
/// Scores designs for one <see cref="OptimizationProblem"/>: batched accuracy and cost predictions (fp32 accuracy
/// cached per architecture), fit probability, violation and objective, and a count of designs scored. Shared by
/// every optimizer, the certifier and the repair search so that they agree on what "fits" and "better" mean.
/// Thread-safe.
/// </summary>
public sealed class DesignScorer
{
    /// <summary>
    /// The set of each candidate list, built once per list: a device's budgets (and the confidences the verifier tries)
    /// are separate problems over the same list, and hashing NAS-Bench-201's 15,625 candidates took longer than the
    /// rest of a neural decision. A list given to a problem is not changed afterwards (problems are immutable).
    /// </summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<Architecture>, CandidateSet> CandidateSets = new();

    private sealed record CandidateSet(int ListCount, HashSet<Architecture> Members);

    private readonly ConcurrentDictionary<Architecture, AccuracyPrediction> _accuracy = new();
    private readonly double _z;
    private readonly double _logLatencyBudget;
    private readonly double _logEnergyBudget;
    private readonly HashSet<Architecture>? _allowedArchitectures;
    private int _evaluations;

    public DesignScorer(OptimizationProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        problem.Validate();
        Problem = problem;
        _z = NormalDistribution.Quantile(problem.Confidence);
        _logLatencyBudget = Math.Log(problem.Latency.EffectiveBudget(problem.Budgets.LatencyMs));
        _logEnergyBudget = problem.Budgets.EnergyMj is { } e ? Math.Log(problem.Energy?.EffectiveBudget(e) ?? e) : double.NaN;
        if (problem.SearchArchitectures is { } list)
        {
            // A list that grew or shrank since its set was built (a List reused by its owner) gets its set afresh.
            if (!CandidateSets.TryGetValue(list, out var set) || set.ListCount != list.Count)
            {
                var members = new HashSet<Architecture>(list.Count);
                foreach (var architecture in list) members.Add(architecture);
                set = new CandidateSet(list.Count, members);
                CandidateSets.AddOrUpdate(list, set);
            }
            _allowedArchitectures = set.Members;
        }
        Precisions = problem.AllowedPrecisions.ToArray();
    }

    public OptimizationProblem Problem { get; }

    public ISearchSpace Space => Problem.Space;

    /// <summary>The allowed precisions, in the problem's order.</summary>
    public IReadOnlyList<Precision> Precisions { get; }

    /// <summary>Φ⁻¹(Confidence): how many predicted standard deviations a fitting design keeps below its budget (log scale).</summary>
    public double ConfidenceZ => _z;

    /// <summary>
    /// ln of the latency a design's continuous cost must stay under to be reported within the budget
    /// (<see cref="Costs.DesignCostModel.EffectiveBudget"/>).
    /// </summary>
    public double LogLatencyBudget => _logLatencyBudget;

    /// <summary>ln of the effective energy budget, NaN without one.</summary>
    public double LogEnergyBudget => _logEnergyBudget;

    /// <summary>Designs scored so far (each call of <see cref="Assess"/> counts every design given).</summary>
    public int Evaluations => Volatile.Read(ref _evaluations);

    /// <summary>Whether the problem allows this architecture (the candidates, when restricted).</summary>
    public bool Allows(Architecture architecture) => _allowedArchitectures is null || _allowedArchitectures.Contains(architecture);

    /// <summary>Whether every slot of the policy uses an allowed precision.</summary>
    public bool Allows(QuantizationPolicy policy) => policy.Slots.All(s => Precisions.Contains(s));

    /// <summary>The all-fp32 policy when allowed, else all slots at the first allowed precision.</summary>
    public QuantizationPolicy DefaultPolicy =>
        QuantizationPolicy.Uniform(Space.PrecisionSlots, Precisions.Contains(Precision.Fp32) ? Precision.Fp32 : Precisions[0]);

    /// <summary>fp32 accuracy of architectures, cached; one batched call to the source for those not cached.</summary>
    public AccuracyPrediction[] Fp32Accuracy(IReadOnlyList<Architecture> architectures)
    {
        var result = new AccuracyPrediction[architectures.Count];
        List<int>? missing = null;
        for (var i = 0; i < result.Length; i++)
        {
            if (_accuracy.TryGetValue(architectures[i], out var cached)) result[i] = cached;
            else (missing ??= []).Add(i);
        }
        if (missing is null) return result;
        var distinct = missing.Select(i => architectures[i]).Distinct().ToArray();
        var predicted = Problem.Accuracy.Predict(distinct);
        for (var j = 0; j < distinct.Length; j++) _accuracy.TryAdd(distinct[j], predicted[j]);
        foreach (var i in missing) result[i] = _accuracy[architectures[i]];
        return result;
    }

    /// <summary>Top-1 points the problem's prior takes off for a policy (0 for all fp32).</summary>
    public double Penalty(QuantizationPolicy policy) =>
        Problem.QuantizationPrior is { } prior ? prior.Penalty(policy)
        : policy.Slots.All(s => s == Precision.Fp32) ? 0.0
        : throw new InvalidOperationException("a quantized policy was scored without a quantization prior");

    /// <summary>Scores designs in one batch per predictor.</summary>
    public DesignAssessment[] Assess(IReadOnlyList<Design> designs)
    {
        ArgumentNullException.ThrowIfNull(designs);
        Interlocked.Add(ref _evaluations, designs.Count);
        if (designs.Count == 0) return [];
        var architectures = designs.Select(d => d.Architecture).ToArray();
        var accuracy = Fp32Accuracy(architectures);
        var latency = Problem.Latency.Predict(designs);
        var energy = Problem.Energy?.Predict(designs);
        var result = new DesignAssessment[designs.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = Assemble(designs[i], accuracy[i], latency[i], energy?[i]);
        return result;
    }

    public DesignAssessment Assess(Design design) => Assess([design])[0];

    /// <summary>
    /// The objective each design will get from <see cref="Assess(IReadOnlyList{Design})"/>, from accuracy alone, when the
    /// objective weighs no cost (latency and energy weights 0: the score is then the weighted accuracy, the same number
    /// <see cref="Assemble"/> computes); null when it weighs a cost. No cost is predicted. Lets a search skip the cost
    /// predictions of designs that cannot beat a score.
    /// </summary>
    public double[]? CostFreeScores(IReadOnlyList<Design> designs)
    {
        ArgumentNullException.ThrowIfNull(designs);
        var objective = Problem.Objective;
        if (objective.LogLatency != 0 || objective.LogEnergy != 0) return null;
        var accuracy = Fp32Accuracy(designs.Select(d => d.Architecture).ToArray());
        var scores = new double[designs.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            var penalty = Penalty(designs[i].Policy);
            var top1 = penalty == 0 ? accuracy[i].Top1 : Math.Max(0, accuracy[i].Top1 - penalty);
            scores[i] = objective.Score(top1, 0.0, double.NaN);
        }
        return scores;
    }

    /// <summary>Builds an assessment from already computed fp32 accuracy and design costs.</summary>
    public DesignAssessment Assemble(Design design, AccuracyPrediction fp32Accuracy, LatencyPrediction latency, LatencyPrediction? energy)
    {
        var penalty = Penalty(design.Policy);
        var quantized = penalty > 0 || design.Policy.Slots.Any(s => s != Precision.Fp32);
        var accuracy = penalty == 0
            ? fp32Accuracy
            : new AccuracyPrediction(
                Math.Max(0, fp32Accuracy.Top1 - penalty), Math.Max(0, fp32Accuracy.Lower - penalty), Math.Max(0, fp32Accuracy.Upper - penalty));
        var provenance = quantized ? AccuracyProvenance.Estimated : Problem.Accuracy.Provenance;
        var (confidence, violation) = Fit(latency, energy);
        if (Problem.Excluded is { } excluded && excluded.Contains(design)) violation = double.PositiveInfinity;
        var score = Problem.Objective.Score(accuracy.Top1, latency.LogMean, energy?.LogMean ?? double.NaN);
        return new DesignAssessment(design, accuracy, provenance, latency, energy, confidence, violation, score);
    }

    /// <summary>Fit probability and violation of predicted costs against the budgets.</summary>
    public (double Confidence, double Violation) Fit(LatencyPrediction latency, LatencyPrediction? energy)
    {
        var confidence = Probability(latency, _logLatencyBudget);
        var violation = Excess(latency, _logLatencyBudget);
        if (!double.IsNaN(_logEnergyBudget) && energy is { } e)
        {
            confidence *= Probability(e, _logEnergyBudget);
            violation += Excess(e, _logEnergyBudget);
        }
        return (confidence, violation);
    }

    /// <summary>ln(Confidence-quantile / budget) where positive, else 0.</summary>
    public double Excess(LatencyPrediction prediction, double logBudget) =>
        Math.Max(0, prediction.LogMean + _z * prediction.LogStdDev - logBudget);

    /// <summary>P(cost &lt;= budget) under the log-normal.</summary>
    public static double Probability(LatencyPrediction prediction, double logBudget)
    {
        if (prediction.LogStdDev <= 0) return prediction.LogMean <= logBudget ? 1.0 : 0.0;
        return NormalDistribution.Cdf((logBudget - prediction.LogMean) / prediction.LogStdDev);
    }
}

using System.Diagnostics;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization.Certification;

namespace EdgeOpt.Learning.Optimization.Search;

/// <summary>
/// Scores every allowed design: every candidate architecture (the accuracy table's, the problem's, or the whole
/// space when it can be enumerated, e.g. NAS-Bench-201's 15,625 cells) times every allowed precision policy
/// (all |precisions|^slots of them up to <see cref="Options.PolicyLimit"/>, else the uniform ones). One batched
/// prediction per predictor for all architectures, then plain arithmetic per policy: exact with respect to the
/// predictors, so it is the reference the other optimizers are measured against.
/// </summary>
public sealed class ExhaustiveOptimizer : IDesignOptimizer
{
    public const string OptimizerName = "exhaustive";

    public sealed class Options
    {
        /// <summary>Refuse spaces with more candidate architectures than this (1..100,000,000).</summary>
        public int MaxArchitectures { get; init; } = 2_000_000;

        /// <summary>Enumerate every per-slot policy up to this many; beyond, only uniform policies (noted).</summary>
        public int PolicyLimit { get; init; } = 4096;
    }

    private readonly Options _options;

    public ExhaustiveOptimizer(Options? options = null)
    {
        _options = options ?? new Options();
        if (_options.MaxArchitectures is < 1 or > 100_000_000)
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxArchitectures, "MaxArchitectures: 1..100,000,000");
        if (_options.PolicyLimit < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.PolicyLimit, "PolicyLimit: >= 1");
    }

    public string Name => OptimizerName;

    /// <summary>Whether the problem's candidates can be enumerated (a list, or a space of known, small enough size).</summary>
    public bool CanSolve(OptimizationProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.SearchArchitectures is { } list ? list.Count <= _options.MaxArchitectures
            : problem.Space.Size is { } size && size <= _options.MaxArchitectures;
    }

    public OptimizationResult Optimize(OptimizationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var scorer = new DesignScorer(problem);
        if (!CanSolve(problem))
            throw new ArgumentException(
                $"search space '{problem.Space.Id}' has {(problem.Space.Size?.ToString() ?? "too many")} architectures and no candidate list; " +
                $"the exhaustive optimizer enumerates at most {_options.MaxArchitectures}: use the evolutionary or neural optimizer");
        var architectures = problem.SearchArchitectures?.ToArray() ?? problem.Space.Enumerate().ToArray();
        var policies = PolicyEnumeration.All(scorer.Precisions, problem.Space.PrecisionSlots, _options.PolicyLimit, out var complete);
        var notes = new List<string>
        {
            $"exhaustive: {architectures.Length} architectures x {policies.Count} precision policies",
        };
        if (!complete) notes.Add($"exhaustive: more than {_options.PolicyLimit} per-slot policies; only uniform policies were scored");

        var accuracy = scorer.Fp32Accuracy(architectures);
        var latency = problem.Latency.PredictArchitectures(architectures);
        var energy = problem.Energy?.PredictArchitectures(architectures);
        cancellationToken.ThrowIfCancellationRequested();

        var logLatencyBudget = scorer.LogLatencyBudget;
        var logEnergyBudget = scorer.LogEnergyBudget;
        var z = scorer.ConfidenceZ;
        var objective = problem.Objective;
        var excluded = problem.Excluded;
        (int Arch, int Policy, double Violation, double Score, double LogLatency) best = (-1, -1, double.PositiveInfinity, double.NegativeInfinity, 0);
        var pareto = problem.Pareto ? new List<(int Arch, int Policy)>() : null;
        var paretoKeys = problem.Pareto ? new List<(double Top1, double LogLatency, double LogEnergy)>() : null;

        for (var p = 0; p < policies.Count; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var policy = policies[p];
            var penalty = scorer.Penalty(policy);
            for (var a = 0; a < architectures.Length; a++)
            {
                var lat = problem.Latency.Factors.Apply(latency[a], policy);
                var violation = Math.Max(0, lat.LogMean + z * lat.LogStdDev - logLatencyBudget);
                double logEnergy = double.NaN;
                if (energy is not null)
                {
                    var en = problem.Energy!.Factors.Apply(energy[a], policy);
                    logEnergy = en.LogMean;
                    if (!double.IsNaN(logEnergyBudget)) violation += Math.Max(0, en.LogMean + z * en.LogStdDev - logEnergyBudget);
                }
                var top1 = Math.Max(0, accuracy[a].Top1 - penalty);
                var score = objective.Score(top1, lat.LogMean, logEnergy);
                if (violation == 0 && excluded is not null && excluded.Contains(new Design(architectures[a], policy)))
                    violation = double.PositiveInfinity;
                if (IsBetter(violation, score, lat.LogMean, best.Violation, best.Score, best.LogLatency))
                    best = (a, p, violation, score, lat.LogMean);
                if (pareto is not null && violation == 0)
                {
                    pareto.Add((a, p));
                    paretoKeys!.Add((top1, lat.LogMean, logEnergy));
                }
            }
        }

        var chosen = scorer.Assemble(
            new Design(architectures[best.Arch], policies[best.Policy]), accuracy[best.Arch],
            problem.Latency.Factors.Apply(latency[best.Arch], policies[best.Policy]),
            energy is null ? null : problem.Energy!.Factors.Apply(energy[best.Arch], policies[best.Policy]));
        IEnumerable<DesignAssessment>? paretoPool = null;
        if (pareto is not null)
        {
            var front = FrontIndices(paretoKeys!);
            paretoPool = scorer.Assess(front.Select(i => new Design(architectures[pareto[i].Arch], policies[pareto[i].Policy])).ToArray());
        }
        // Account for the grid: every design was scored once.
        var result = OptimizationAnswer.Finish(Name, scorer, chosen, paretoPool, clock, notes,
            new DesignCertifier.Options { MaxRepairSteps = 0 }, cancellationToken);
        return result with { Evaluations = result.Evaluations + architectures.Length * policies.Count };
    }

    private static bool IsBetter(double violation, double score, double logLatency, double bestViolation, double bestScore, double bestLogLatency)
    {
        if ((violation == 0) != (bestViolation == 0)) return violation == 0;
        if (violation == 0) return score > bestScore || (score == bestScore && logLatency < bestLogLatency);
        return violation < bestViolation || (violation == bestViolation && score > bestScore);
    }

    /// <summary>Indices of the non-dominated keys (accuracy up, latency down, energy down when present).</summary>
    private static List<int> FrontIndices(List<(double Top1, double LogLatency, double LogEnergy)> keys)
    {
        var order = Enumerable.Range(0, keys.Count).OrderBy(i => keys[i].LogLatency).ThenByDescending(i => keys[i].Top1).ToArray();
        var front = new List<int>();
        var hasEnergy = keys.Count > 0 && !double.IsNaN(keys[0].LogEnergy);
        var bestTop1 = double.NegativeInfinity;
        foreach (var i in order)
        {
            if (!hasEnergy)
            {
                if (keys[i].Top1 > bestTop1) { front.Add(i); bestTop1 = keys[i].Top1; }
                continue;
            }
            var dominated = front.Any(j => keys[j].Top1 >= keys[i].Top1 && keys[j].LogLatency <= keys[i].LogLatency && keys[j].LogEnergy <= keys[i].LogEnergy);
            if (!dominated) front.Add(i);
        }
        return front;
    }
}

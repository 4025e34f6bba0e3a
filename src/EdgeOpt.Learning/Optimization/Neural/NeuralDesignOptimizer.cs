using System.Diagnostics;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization.Certification;
using EdgeOpt.Learning.Optimization.Search;

namespace EdgeOpt.Learning.Optimization.Neural;

/// <summary>
/// The neural automated optimizer: one forward pass of a trained <see cref="NeuralOptimizerModel"/> maps the device
/// (its predicted log latencies at the feature architectures), the budget, the objective weights, the allowed
/// precisions and the device's precision cost factors to one design, which is then certified (and repaired when it
/// might not fit) like every other optimizer's answer. Because a device the network has never seen may sit where its
/// idea of latency is off, the network is asked at <see cref="Options.BudgetScan"/> budgets spread in log from the
/// device's fastest feature architecture to a little above the budget: its answers trace its learned accuracy/latency
/// front for this device, and the device's predictor (with its spreads) picks the best of them that fits
/// (<see cref="DesignAssessment.IsBetterThan"/>) — the device's measured designs are candidates too; a few
/// hill-climbing steps then polish it. Energy budgets are not
/// network inputs: certification enforces them.
/// </summary>
public sealed class NeuralDesignOptimizer : IDesignOptimizer
{
    public const string OptimizerName = "neural";

    public sealed class Options
    {
        /// <summary>Hill-climbing steps among fitting neighbours after the network's answer (0 = none; each costs one batch of predictions).</summary>
        public int PolishSteps { get; init; } = 1;

        /// <summary>Budgets the network is asked at (at least 1: then only the budget itself).</summary>
        public int BudgetScan { get; init; } = 16;

        /// <summary>Budgets decoded for a Pareto set (spread down to 1/4 of the budget).</summary>
        public int ParetoBudgets { get; init; } = 16;
    }

    private readonly Options _options;

    public NeuralDesignOptimizer(NeuralOptimizerModel model, Options? options = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        _options = options ?? new Options();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.PolishSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ParetoBudgets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BudgetScan, 1);
    }

    public NeuralOptimizerModel Model { get; }

    public string Name => OptimizerName;

    public OptimizationResult Optimize(OptimizationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (problem.Space.Id != Model.Space.Id)
            throw new ArgumentException($"the neural optimizer was trained for '{Model.Space.Id}', the problem is for '{problem.Space.Id}'");
        var scorer = new DesignScorer(problem);
        var features = problem.Latency.PredictArchitectures(Model.FeatureArchitectures);
        var slots = problem.Space.PrecisionSlots;
        var factors = problem.Latency.Factors;
        PolicyContext Context(double logBudget) => new(
            features.Select(f => f.LogMean).ToArray(), logBudget, problem.Objective, problem.AllowedPrecisions,
            Math.Log(factors.PerSlotFactor(Precision.Fp16)) * slots, Math.Log(factors.PerSlotFactor(Precision.Int8)) * slots);

        var logBudget = scorer.LogLatencyBudget;
        var low = Math.Min(features.Min(f => f.LogMean), logBudget - 1.0);
        var high = logBudget + 0.1;
        var scan = _options.BudgetScan == 1
            ? [logBudget]
            : Enumerable.Range(0, _options.BudgetScan).Select(k => high - (high - low) * k / (_options.BudgetScan - 1)).Append(logBudget);
        // The device's measured designs join the network's answers: they are known quantities, a floor under the choice.
        var measured = problem.Latency.Measurements(slots).Select(m => m.Design)
            .Where(d => scorer.Allows(d.Architecture) && scorer.Allows(d.Policy));
        var asked = scan.Select(b => DecodeAllowed(scorer, Model.Logits(Context(b)))).Concat(measured).Distinct().ToArray();
        var assessed = scorer.Assess(asked);
        var proposed = assessed.Aggregate(DesignAssessment.Better);
        List<DesignAssessment>? pool = null;
        if (problem.Pareto)
        {
            var designs = Enumerable.Range(1, _options.ParetoBudgets)
                .Select(k => DecodeAllowed(scorer, Model.Logits(Context(logBudget - Math.Log(4.0) * k / _options.ParetoBudgets))))
                .Distinct().ToArray();
            pool = [.. scorer.Assess(designs), .. assessed];
        }
        var notes = new[] { FormattableString.Invariant($"neural: {scan.Count()} forward passes, {asked.Length} distinct designs, {assessed.Count(a => a.Fits)} fit") };
        var certifier = new DesignCertifier.Options { PolishSteps = Math.Max(_options.PolishSteps, 1), PolishCertified = _options.PolishSteps > 0 };
        return OptimizationAnswer.Finish(Name, scorer, proposed, pool, clock, notes, certifier, cancellationToken);
    }

    /// <summary>The network's design, or, when the problem restricts architectures and it is not among them, the allowed one of highest logit.</summary>
    private Design DecodeAllowed(DesignScorer scorer, float[] logits)
    {
        var design = Model.Decode(logits, scorer.Precisions);
        if (scorer.Allows(design.Architecture)) return design;
        var candidates = scorer.Problem.SearchArchitectures!;
        var best = candidates.MaxBy(a => Model.ArchitectureLogit(logits, a))!;
        return design with { Architecture = best };
    }
}

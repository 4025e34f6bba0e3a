using System.Diagnostics;
using System.Runtime.CompilerServices;
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
        var featureLogs = features.Select(f => f.LogMean).ToArray();
        var fp16LogFactor = Math.Log(factors.PerSlotFactor(Precision.Fp16)) * slots;
        var int8LogFactor = Math.Log(factors.PerSlotFactor(Precision.Int8)) * slots;
        PolicyContext Context(double logBudget) =>
            new(featureLogs, logBudget, problem.Objective, problem.AllowedPrecisions, fp16LogFactor, int8LogFactor);

        var logBudget = scorer.LogLatencyBudget;
        var low = Math.Min(features.Min(f => f.LogMean), logBudget - 1.0);
        var high = logBudget + 0.1;
        double[] scan = _options.BudgetScan == 1
            ? [logBudget]
            : [.. Enumerable.Range(0, _options.BudgetScan).Select(k => high - (high - low) * k / (_options.BudgetScan - 1)), logBudget];
        // The device's measured designs join the network's answers: they are known quantities, a floor under the choice.
        var measured = problem.Latency.Measurements(slots).Select(m => m.Design)
            .Where(d => scorer.Allows(d.Architecture) && scorer.Allows(d.Policy));
        // One batched forward pass for the whole scan (no native call: the policy runs in C#).
        var asked = Model.Logits(scan.Select(Context).ToArray()).Select(l => DecodeAllowed(scorer, l)).Concat(measured).Distinct().ToArray();
        var assessed = scorer.Assess(asked);
        var proposed = assessed.Aggregate(DesignAssessment.Better);
        List<DesignAssessment>? pool = null;
        if (problem.Pareto)
        {
            var designs = Model.Logits(Enumerable.Range(1, _options.ParetoBudgets)
                    .Select(k => Context(logBudget - Math.Log(4.0) * k / _options.ParetoBudgets)).ToArray())
                .Select(l => DecodeAllowed(scorer, l)).Distinct().ToArray();
            pool = [.. scorer.Assess(designs), .. assessed];
        }
        var notes = new[] { FormattableString.Invariant($"neural: {scan.Length} forward passes, {asked.Length} distinct designs, {assessed.Count(a => a.Fits)} fit") };
        var certifier = new DesignCertifier.Options { PolishSteps = Math.Max(_options.PolishSteps, 1), PolishCertified = _options.PolishSteps > 0 };
        return OptimizationAnswer.Finish(Name, scorer, proposed, pool, clock, notes, certifier, cancellationToken);
    }

    /// <summary>The network's design, or, when the problem restricts architectures and it is not among them, the allowed one of highest logit.</summary>
    private Design DecodeAllowed(DesignScorer scorer, float[] logits)
    {
        var design = Model.Decode(logits, scorer.Precisions);
        if (scorer.Allows(design.Architecture)) return design;
        var candidates = scorer.Problem.SearchArchitectures!;
        return design with { Architecture = candidates[HighestLogit(Model.Layout, candidates, logits)] };
    }

    /// <summary>
    /// Each candidate list's choices as logit offsets (decision d's choice c at d x OptionCount + c), flattened and
    /// built once per list: a restricted problem (FBNet's measured architectures) asks for the candidate of highest
    /// logit at every scanned budget, and reading the choices through <see cref="Architecture.Choices"/> each time
    /// took most of the decision.
    /// </summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<Architecture>, int[]> CandidateOffsets = new();

    /// <summary>
    /// The index of the first candidate of highest <see cref="NeuralOptimizerModel.ArchitectureLogit"/> (the same sums, in
    /// the same order, as that method: the same choice as a scan over the candidates with it).
    /// </summary>
    internal static int HighestLogit(PolicyLayout layout, IReadOnlyList<Architecture> candidates, float[] logits)
    {
        if (candidates.Count == 0) throw new ArgumentException("no candidate architecture", nameof(candidates));
        var decisions = layout.DecisionCount;
        var options = layout.OptionCount;
        if (!CandidateOffsets.TryGetValue(candidates, out var offsets) || offsets.Length != candidates.Count * decisions)
        {
            offsets = new int[candidates.Count * decisions];
            for (var i = 0; i < candidates.Count; i++)
            {
                var choices = candidates[i].Choices;
                for (var d = 0; d < decisions; d++) offsets[i * decisions + d] = d * options + choices[d];
            }
            CandidateOffsets.AddOrUpdate(candidates, offsets);
        }
        var best = -1;
        var bestLogit = double.NegativeInfinity;
        for (var i = 0; i < candidates.Count; i++)
        {
            var total = 0.0;
            var row = offsets.AsSpan(i * decisions, decisions);
            foreach (var offset in row) total += logits[offset];
            if (best < 0 || total.CompareTo(bestLogit) > 0)
            {
                best = i;
                bestLogit = total;
            }
        }
        return best;
    }
}

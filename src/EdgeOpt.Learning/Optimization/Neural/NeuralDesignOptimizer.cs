using System.Diagnostics;
using System.Numerics;
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
        var asked = DecodeAllowed(scorer, Model.Logits(scan.Select(Context).ToArray())).Concat(measured).Distinct().ToArray();
        var assessed = scorer.Assess(asked);
        var proposed = assessed.Aggregate(DesignAssessment.Better);
        List<DesignAssessment>? pool = null;
        if (problem.Pareto)
        {
            var paretoLogits = Model.Logits(Enumerable.Range(1, _options.ParetoBudgets)
                .Select(k => Context(logBudget - Math.Log(4.0) * k / _options.ParetoBudgets)).ToArray());
            var designs = DecodeAllowed(scorer, paretoLogits).Distinct().ToArray();
            pool = [.. scorer.Assess(designs), .. assessed];
        }
        var notes = new[] { FormattableString.Invariant($"neural: {scan.Length} forward passes, {asked.Length} distinct designs, {assessed.Count(a => a.Fits)} fit") };
        var certifier = new DesignCertifier.Options { PolishSteps = Math.Max(_options.PolishSteps, 1), PolishCertified = _options.PolishSteps > 0 };
        return OptimizationAnswer.Finish(Name, scorer, proposed, pool, clock, notes, certifier, cancellationToken);
    }

    /// <summary>
    /// The network's design for each logit vector, or, when the problem restricts architectures and it is not among
    /// them, the allowed one of highest logit (those found in one pass over the candidates).
    /// </summary>
    private Design[] DecodeAllowed(DesignScorer scorer, float[][] logits)
    {
        var designs = logits.Select(l => Model.Decode(l, scorer.Precisions)).ToArray();
        var outside = Enumerable.Range(0, designs.Length).Where(k => !scorer.Allows(designs[k].Architecture)).ToArray();
        if (outside.Length == 0) return designs;
        var candidates = scorer.Problem.SearchArchitectures!;
        var nearest = HighestLogits(Model.Layout, candidates, outside.Select(k => logits[k]).ToArray());
        for (var j = 0; j < outside.Length; j++) designs[outside[j]] = designs[outside[j]] with { Architecture = candidates[nearest[j]] };
        return designs;
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
    internal static int HighestLogit(PolicyLayout layout, IReadOnlyList<Architecture> candidates, float[] logits) =>
        HighestLogits(layout, candidates, [logits])[0];

    /// <summary>
    /// <see cref="HighestLogit"/> for several logit vectors in one pass over the candidates: each candidate's choices are
    /// read once and its sums for every vector advance together (the vectors transposed, so that one choice's logits
    /// of all vectors are adjacent and added as SIMD lanes). Each sum is the same double sum, in the same order, as
    /// the single-vector scan.
    /// </summary>
    internal static int[] HighestLogits(PolicyLayout layout, IReadOnlyList<Architecture> candidates, IReadOnlyList<float[]> logits)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(logits);
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
        var count = logits.Count;
        var best = new int[count];
        if (count == 0) return best;
        // Lanes padded to whole SIMD vectors; padding lanes stay 0 and are never read.
        var width = Vector<double>.Count;
        var lanes = (count + width - 1) / width * width;
        var transposed = new double[layout.ArchitectureLogits * lanes];
        for (var k = 0; k < count; k++)
        {
            if (logits[k].Length < layout.ArchitectureLogits)
                throw new ArgumentException($"logit vector {k} has {logits[k].Length} values; the layout has {layout.ArchitectureLogits} architecture logits", nameof(logits));
            for (var o = 0; o < layout.ArchitectureLogits; o++) transposed[o * lanes + k] = logits[k][o];
        }
        var bestLogit = new double[count];
        var sums = new double[lanes];
        var sumVectors = System.Runtime.InteropServices.MemoryMarshal.Cast<double, Vector<double>>(sums.AsSpan());
        var table = transposed.AsSpan();
        for (var i = 0; i < candidates.Count; i++)
        {
            sumVectors.Clear();
            foreach (var offset in offsets.AsSpan(i * decisions, decisions))
            {
                var row = System.Runtime.InteropServices.MemoryMarshal.Cast<double, Vector<double>>(table.Slice(offset * lanes, lanes));
                for (var v = 0; v < sumVectors.Length; v++) sumVectors[v] += row[v];
            }
            for (var k = 0; k < count; k++)
            {
                if (i == 0 || sums[k].CompareTo(bestLogit[k]) > 0)
                {
                    best[k] = i;
                    bestLogit[k] = sums[k];
                }
            }
        }
        return best;
    }
}

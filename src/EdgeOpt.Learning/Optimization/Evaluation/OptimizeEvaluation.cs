using System.Diagnostics;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Optimization.Measurement;
using EdgeOpt.Learning.Optimization.Verification;

namespace EdgeOpt.Learning.Optimization.Evaluation;

/// <summary>
/// The optimizer evaluation behind <c>edgeopt eval optimize</c>. For each test device: the latency model (trained on
/// the known devices, never on the test device) chooses and reads K cells of the device's column
/// (<see cref="DeviceMeasurementSession"/>) and adapts; then for each budget the optimizer sees only that predictor
/// and the budget and answers one design (with up to V verification reads of its own, per decision). The answer is
/// scored against the device's true costs: violation, and regret against the best accuracy among the candidates
/// whose true cost is within the budget. Candidates are the architectures that have both an accuracy and a cell on
/// the device (so that every answer can be scored).
/// </summary>
public static class OptimizeEvaluation
{
    public static OptimizeEvaluationReport Run(
        ILatencyPredictorTrainer trainer, IDesignOptimizer? optimizer, Func<OptimizerFold, IDesignOptimizer>? optimizerForFold,
        OptimizeEvaluationSetup setup, CancellationToken cancellationToken, Action<string>? progress = null) =>
        RunVariants(trainer, optimizer, optimizerForFold, [setup], cancellationToken, progress)[0];

    /// <summary>
    /// Evaluates several variants of one setup on the same folds: each fold's latency model is trained once and every
    /// variant (e.g. other <see cref="OptimizeEvaluationSetup.Verify"/>, confidence or measurement placement) meets
    /// the same trained model, so that their differences are the variants' own. The variants must agree on what is
    /// trained and tested (space, tables, devices, samples per known device, seed, target, folds). One report per
    /// variant, in order.
    /// </summary>
    public static IReadOnlyList<OptimizeEvaluationReport> RunVariants(
        ILatencyPredictorTrainer trainer, IDesignOptimizer? optimizer, Func<OptimizerFold, IDesignOptimizer>? optimizerForFold,
        IReadOnlyList<OptimizeEvaluationSetup> variants, CancellationToken cancellationToken, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count == 0) throw new ArgumentException("at least one setup to evaluate", nameof(variants));
        if ((optimizer is null) == (optimizerForFold is null))
            throw new ArgumentException("give either an optimizer or a factory that builds one per fold");
        var setup = variants[0];
        ArgumentNullException.ThrowIfNull(setup);
        for (var v = 0; v < variants.Count; v++)
        {
            var other = variants[v];
            ArgumentNullException.ThrowIfNull(other, $"{nameof(variants)}[{v}]");
            Validate(other);
            if (other.Space.Id != setup.Space.Id || !ReferenceEquals(other.Train, setup.Train) || !ReferenceEquals(other.Test, setup.Test)
                || !ReferenceEquals(other.TrainDevices, setup.TrainDevices) || !ReferenceEquals(other.TestDevices, setup.TestDevices)
                || other.TrainSamples != setup.TrainSamples || other.Seed != setup.Seed || other.Target != setup.Target
                || other.LeaveOneDeviceOut != setup.LeaveOneDeviceOut || !ReferenceEquals(other.Accuracy, setup.Accuracy))
                throw new ArgumentException(
                    $"variant {v} trains or tests on something else than variant 0 (space, tables, devices, train samples, seed, target, folds and accuracy must be the same)",
                    nameof(variants));
        }
        var clock = Stopwatch.StartNew();
        var space = setup.Space;
        var latencySetup = new LatencyEvaluationSetup
        {
            Space = space, Train = setup.Train, TrainDevices = setup.TrainDevices, TrainSamples = setup.TrainSamples,
            Test = setup.Test, TestDevices = setup.TestDevices, Samples = setup.Samples, Seed = setup.Seed, Target = setup.Target,
        };
        var testDevices = setup.TestDevices ?? setup.Test.Devices;
        foreach (var d in testDevices)
            if (!setup.Test.HasDevice(d))
                throw new ArgumentException($"test device '{d}' is not in the test table; available: {string.Join(", ", setup.Test.Devices)}");
        if (testDevices.Count == 0) throw new ArgumentException("the test table has no device column");
        foreach (var variant in variants)
            if (variant.Budgets is { } explicitBudgets)
                foreach (var d in explicitBudgets.Keys)
                    if (!testDevices.Contains(d))
                        throw new ArgumentException($"a budget is given for '{d}', which is not a test device ({string.Join(", ", testDevices)})");

        var folds = setup.LeaveOneDeviceOut ? testDevices.Select(d => (IReadOnlyList<string>)[d]).ToArray() : [testDevices];
        var architectures = LatencyEvaluation.Parse(setup.Test, space);
        var cases = variants.Select(_ => new List<OptimizeCase>()).ToArray();
        var trainSeconds = 0.0;
        var methodName = optimizer?.Name ?? "";
        foreach (var fold in folds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trainClock = Stopwatch.StartNew();
            var trainDevices = LatencyEvaluation.TrainDevices(latencySetup, fold);
            var training = setup.Train is null || trainDevices.Count == 0
                ? LatencyTrainingData.None(space)
                : LatencyTrainingData.From(setup.Train, space, trainDevices, setup.TrainSamples, setup.Seed);
            var model = trainer.Fit(training, cancellationToken);
            var foldOptimizer = optimizer ?? optimizerForFold!(new OptimizerFold(space, training, model, setup.Accuracy, setup.Seed));
            methodName = foldOptimizer.Name;
            trainSeconds += trainClock.Elapsed.TotalSeconds;
            progress?.Invoke($"trained on {trainDevices.Count} known device(s) in {trainClock.Elapsed.TotalSeconds:0.0} s; testing {string.Join(", ", fold)}");
            foreach (var device in fold)
            {
                var measured = new Dictionary<MeasurementPlan, DesignCostModel>();
                for (var v = 0; v < variants.Count; v++)
                {
                    var deviceCases = EvaluateDevice(model, foldOptimizer, variants[v], device, setup.Test.Column(device), architectures, measured, cancellationToken);
                    cases[v].AddRange(deviceCases);
                    var label = variants.Count > 1 ? $"[{v}] " : "";
                    foreach (var c in deviceCases)
                        progress?.Invoke(FormattableString.Invariant(
                            $"{label}{c.Device} budget {c.BudgetMs:0.###}: true {c.TrueMs:0.###}, regret {c.Regret:0.00}{(c.Violation ? " VIOLATION" : "")} ({c.Outcome}, {c.DecisionMs:0.0} ms)"));
                }
            }
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        return variants.Select((variant, v) =>
        {
            var regrets = cases[v].Where(c => c.Regret is not null).Select(c => c.Regret!.Value).ToArray();
            var summary = new OptimizeSummary(
                cases[v].Count, cases[v].Count(c => c.Violation), regrets.Length == 0 ? double.NaN : regrets.Average(),
                cases[v].Count == 0 ? double.NaN : Descriptive.Median(cases[v].Select(c => c.DecisionMs).ToArray()));
            return new OptimizeEvaluationReport(
                space.Id, variant.Samples, methodName, trainer.Name, variant.Seed, variant.Verify, variant.Confidence, variant.Accuracy.Name,
                cases[v], summary, trainSeconds, elapsed);
        }).ToArray();
    }

    private static void Validate(OptimizeEvaluationSetup setup)
    {
        if (setup.Samples < 1) throw new ArgumentOutOfRangeException(nameof(setup), setup.Samples, "samples: at least 1 measurement per test device");
        ArgumentOutOfRangeException.ThrowIfNegative(setup.Verify);
        if (setup.Accuracy.Space.Id != setup.Space.Id)
            throw new ArgumentException($"the accuracy source is for '{setup.Accuracy.Space.Id}', the evaluation for '{setup.Space.Id}'");
        foreach (var q in setup.BudgetQuantiles)
            if (!(q > 0 && q < 1)) throw new ArgumentException($"budget quantile {q} is not strictly between 0 and 1");
    }

    /// <summary>Measures K cells with the model, adapts, and answers every budget of the device.</summary>
    public static IReadOnlyList<OptimizeCase> EvaluateDevice(
        ILatencyModel model, IDesignOptimizer optimizer, OptimizeEvaluationSetup setup, string device,
        IReadOnlyList<double?> column, IReadOnlyList<Architecture> architectures, CancellationToken cancellationToken) =>
        EvaluateDevice(model, optimizer, setup, device, column, architectures, null, cancellationToken);

    /// <param name="measured">
    /// Cost models already adapted on this device, by how they were measured: variants that measure alike share one
    /// (the measurements are deterministic), so that the device is measured and predicted once for them.
    /// </param>
    private static IReadOnlyList<OptimizeCase> EvaluateDevice(
        ILatencyModel model, IDesignOptimizer optimizer, OptimizeEvaluationSetup setup, string device,
        IReadOnlyList<double?> column, IReadOnlyList<Architecture> architectures,
        Dictionary<MeasurementPlan, DesignCostModel>? measured, CancellationToken cancellationToken)
    {
        var rows = Enumerable.Range(0, column.Count).Where(r => column[r] is > 0).ToArray();
        if (rows.Length < setup.Samples + 1)
            throw new ArgumentException($"test device '{device}' has {rows.Length} measured architectures; {setup.Samples} measurements need more");
        var measurable = rows.Select(r => architectures[r]).ToArray();
        var values = rows.Select(r => column[r]!.Value).ToArray();
        var key = new MeasurementPlan(setup.Samples, setup.SignatureCount, setup.FrontPlacement, setup.PlacementConfidence, setup.FallbackOrder, setup.Target);
        if (measured is null || !measured.TryGetValue(key, out var latency))
        {
            var session = new DeviceMeasurementSession(device, measurable, values, setup.Samples);
            session.MeasureWith(setup.SignatureCount < setup.Samples
                ? new FrontierMeasurements(model, setup.Accuracy, setup.SignatureCount, placement: setup.FrontPlacement,
                    frontCount: setup.Samples - setup.SignatureCount, fallbackConfidence: setup.PlacementConfidence, fallbackOrder: setup.FallbackOrder)
                : model);
            if (session.Measured == 0) throw new InvalidOperationException($"method '{model.Method}' took no measurement on device '{device}'");
            latency = new DesignCostModel(model.Adapt(session.Observations), null, model.Adapt, setup.Target);
            if (measured is not null) measured[key] = latency;
        }

        // Candidates: architectures with an accuracy and a cell on this device; truth for scoring only.
        var covered = setup.Accuracy.Architectures is { } known ? new HashSet<Architecture>(known) : null;
        var candidateIndex = Enumerable.Range(0, measurable.Length).Where(i => covered is null || covered.Contains(measurable[i])).ToArray();
        if (candidateIndex.Length == 0)
            throw new ArgumentException($"no architecture of test device '{device}' has an accuracy in {setup.Accuracy.Name}");
        var candidates = candidateIndex.Select(i => measurable[i]).ToArray();
        var candidateAccuracy = setup.Accuracy.Predict(candidates).Select(p => p.Top1).ToArray();
        var truth = new Dictionary<Architecture, double>(candidates.Length);
        for (var j = 0; j < candidates.Length; j++) truth[candidates[j]] = values[candidateIndex[j]];
        var byCost = Enumerable.Range(0, candidates.Length).OrderBy(j => values[candidateIndex[j]]).ToArray();

        var budgets = setup.Budgets is { } given && given.TryGetValue(device, out var list)
            ? list
            : setup.BudgetQuantiles.Select(q => Descriptive.PercentileOfSorted(values.Order().ToArray(), 100 * q)).ToArray();
        var cases = new List<OptimizeCase>(budgets.Count);
        foreach (var budget in budgets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var problem = new OptimizationProblem
            {
                Space = setup.Space,
                Accuracy = setup.Accuracy,
                Latency = latency,
                Budgets = new OptimizationBudgets(budget),
                Seed = setup.Seed,
                Confidence = setup.Confidence,
                Candidates = covered is null && candidates.Length == measurable.Length && setup.Space.Size == candidates.Length ? null : candidates,
            };
            var verifySession = new DeviceMeasurementSession(device, measurable, values, setup.Verify);
            var verifier = new SessionDesignVerifier(verifySession);
            var decision = Stopwatch.StartNew();
            var result = VerifiedOptimizer.Standard(optimizer, setup.Verify, setup.CertifiedFallbackConfidence, setup.VerificationLadder, setup.UnmodeledMissRate).OptimizeAsync(problem, verifier, cancellationToken).GetAwaiter().GetResult();
            var decisionMs = decision.Elapsed.TotalMilliseconds;

            var chosen = result.Chosen.Design.Architecture;
            if (!truth.TryGetValue(chosen, out var trueMs))
                throw new InvalidOperationException($"optimizer '{optimizer.Name}' answered {setup.Space.Format(chosen)}, which is not a candidate of device '{device}'");
            double? oracle = null;
            foreach (var j in byCost)
            {
                if (values[candidateIndex[j]] > budget) break;
                oracle = oracle is { } o ? Math.Max(o, candidateAccuracy[j]) : candidateAccuracy[j];
            }
            var accuracy = setup.Accuracy.Predict([chosen])[0].Top1;
            var outcome = result.Certification.ToString().ToLowerInvariant()
                + (result.Verification is { Fallback: true, Verified: false } ? "+unmeasured-fallback" : result.Verification is { Fallback: true } ? "+fallback" : result.Verification is { Verified: true } ? "+verified" : "");
            cases.Add(new OptimizeCase(
                device, budget, setup.Space.Format(chosen), result.Chosen.LatencyMs, trueMs, accuracy, oracle,
                oracle is { } best ? best - accuracy : null, trueMs > budget, decisionMs, result.Chosen.FitConfidence, outcome,
                verifySession.Measured, result.Notes));
        }
        return cases;
    }

    /// <summary>What decides a device's K measurements: variants that agree on it share them.</summary>
    private readonly record struct MeasurementPlan(
        int Samples, int Signature, FrontPlacement Placement, double PlacementConfidence, FallbackOrder Order, string Target);
}

using System.Diagnostics;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Certification;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Optimization.Evaluation;
using EdgeOpt.Learning.Optimization.Measurement;
using EdgeOpt.Learning.Optimization.Neural;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

/// <summary>
/// Takes one device's neural decisions apart, step by step as <see cref="NeuralDesignOptimizer.Optimize"/> takes them
/// (same inputs, same order), timing each step in thread CPU ms and counting the designs each scores. The device is set up as
/// <see cref="OptimizeEvaluation.EvaluateDevice"/> sets it up (K measurements, adapt, one cost model for all its budgets).
/// With wholeSpace the problems have no candidate list (any architecture of the space may be answered, as on the
/// server when the accuracy source has no list), so every repair or polish neighbour is a new latency prediction.
/// </summary>
internal static class NeuralDecisionProfile
{
    public static IReadOnlyList<string> Run(
        ISearchSpace space, MeasurementTable table, IAccuracySource accuracy, ILatencyModel model, NeuralDesignOptimizer neural,
        OptimizeEvaluationSetup setup, string device, bool coldRun, bool wholeSpace = false)
    {
        var architectures = LatencyEvaluation.Parse(table, space);
        var column = table.Column(device);
        var rows = Enumerable.Range(0, column.Count).Where(r => column[r] is > 0).ToArray();
        var measurable = rows.Select(r => architectures[r]).ToArray();
        var values = rows.Select(r => column[r]!.Value).ToArray();
        var session = new DeviceMeasurementSession(device, measurable, values, setup.Samples);
        session.MeasureWith(new FrontierMeasurements(model, accuracy, setup.SignatureCount));
        var latency = new DesignCostModel(model.Adapt(session.Observations), null, model.Adapt, setup.Target);
        var covered = accuracy.Architectures is { } known ? new HashSet<Architecture>(known) : null;
        var candidates = measurable.Where(a => covered is null || covered.Contains(a)).ToArray();
        var sorted = values.Order().ToArray();
        var policy = neural.Model;
        var parts = new Dictionary<string, List<double>>();
        var lines = new List<string>();
        var repeats = coldRun ? 1 : 2;
        for (var repeat = 0; repeat < repeats; repeat++)
            foreach (var q in setup.BudgetQuantiles)
            {
                var problem = new OptimizationProblem
                {
                    Space = space, Accuracy = accuracy, Latency = latency,
                    Budgets = new OptimizationBudgets(Descriptive.PercentileOfSorted(sorted, 100 * q)), Seed = setup.Seed,
                    Confidence = setup.Confidence,
                    Candidates = wholeSpace || (covered is null && candidates.Length == measurable.Length && space.Size == candidates.Length) ? null : candidates,
                };
                // Thread CPU time, not wall time: on a loaded machine wall time is mostly waiting for a core.
                var total = ThreadCpuClock.NowMs();
                var lapStart = total;
                void Lap(string part)
                {
                    if (!parts.TryGetValue(part, out var list)) parts[part] = list = [];
                    var now = ThreadCpuClock.NowMs();
                    list.Add(now - lapStart);
                    lapStart = now;
                }
                var scorer = new DesignScorer(problem);
                Lap("scorer setup (candidate set)");
                var features = latency.PredictArchitectures(policy.FeatureArchitectures);
                Lap("feature predictions");
                var slots = space.PrecisionSlots;
                var factors = latency.Factors;
                var logBudget = scorer.LogLatencyBudget;
                var low = Math.Min(features.Min(f => f.LogMean), logBudget - 1.0);
                var high = logBudget + 0.1;
                const int scanCount = 16;
                var scan = Enumerable.Range(0, scanCount).Select(k => high - (high - low) * k / (scanCount - 1)).Append(logBudget).ToArray();
                var featureLogs = features.Select(f => f.LogMean).ToArray();
                var logits = policy.Logits(scan.Select(b => new PolicyContext(
                    featureLogs, b, problem.Objective, problem.AllowedPrecisions,
                    Math.Log(factors.PerSlotFactor(Precision.Fp16)) * slots, Math.Log(factors.PerSlotFactor(Precision.Int8)) * slots)).ToArray());
                Lap($"policy forward x{scan.Length} (C#, one batch)");
                var decoded = logits.Select(l => policy.Decode(l, scorer.Precisions)).ToArray();
                var outside = Enumerable.Range(0, decoded.Length).Where(k => !scorer.Allows(decoded[k].Architecture)).ToArray();
                if (outside.Length > 0)
                {
                    var nearest = NeuralDesignOptimizer.HighestLogits(policy.Layout, problem.SearchArchitectures!, outside.Select(k => logits[k]).ToArray());
                    for (var j = 0; j < outside.Length; j++)
                        decoded[outside[j]] = decoded[outside[j]] with { Architecture = problem.SearchArchitectures![nearest[j]] };
                }
                Lap("decode (+ nearest allowed, one batch)");
                (parts.TryGetValue("decoded designs outside the candidates", out var o) ? o : parts["decoded designs outside the candidates"] = []).Add(outside.Length);
                lapStart = ThreadCpuClock.NowMs();
                var measured = latency.Measurements(slots).Select(m => m.Design).Where(d => scorer.Allows(d.Architecture) && scorer.Allows(d.Policy));
                var asked = decoded.Concat(measured).Distinct().ToArray();
                lapStart = ThreadCpuClock.NowMs();
                scorer.Fp32Accuracy(asked.Select(d => d.Architecture).ToArray());
                var accuracyMs = ThreadCpuClock.NowMs() - lapStart;
                lapStart = ThreadCpuClock.NowMs();
                latency.Predict(asked);
                var latencyMs = ThreadCpuClock.NowMs() - lapStart;
                var assessed = scorer.Assess(asked);
                var proposed = assessed.Aggregate(DesignAssessment.Better);
                lapStart = ThreadCpuClock.NowMs();
                (parts.TryGetValue("score proposals: accuracy", out var a) ? a : parts["score proposals: accuracy"] = []).Add(accuracyMs);
                (parts.TryGetValue("score proposals: latency", out var b2) ? b2 : parts["score proposals: latency"] = []).Add(latencyMs);
                var before = scorer.Evaluations;
                var certifier = new DesignCertifier.Options { PolishSteps = 1, PolishCertified = true };
                var (chosen, _, _) = DesignCertifier.Certify(scorer, proposed, certifier, CancellationToken.None);
                Lap("certify + polish");
                (parts.TryGetValue("designs scored by certify", out var n) ? n : parts["designs scored by certify"] = []).Add(scorer.Evaluations - before);
                (parts.TryGetValue("TOTAL (this replica)", out var t) ? t : parts["TOTAL (this replica)"] = []).Add(ThreadCpuClock.NowMs() - total);
                var real = Stopwatch.StartNew();
                var cpu = ThreadCpuClock.NowMs();
                var result = neural.Optimize(problem, CancellationToken.None);
                (parts.TryGetValue("NeuralDesignOptimizer.Optimize thread CPU", out var c) ? c : parts["NeuralDesignOptimizer.Optimize thread CPU"] = [])
                    .Add(ThreadCpuClock.NowMs() - cpu);
                (parts.TryGetValue("NeuralDesignOptimizer.Optimize wall (after the replica)", out var r) ? r : parts["NeuralDesignOptimizer.Optimize wall (after the replica)"] = [])
                    .Add(real.Elapsed.TotalMilliseconds);
                if (result.Chosen.Design != chosen.Design)
                    lines.Add($"note: the replica chose {space.Format(chosen.Design.Architecture)}, the optimizer {space.Format(result.Chosen.Design.Architecture)}");
            }
        foreach (var (part, list) in parts)
            lines.Add(FormattableString.Invariant(
                $"{part}: first budget {list[0]:0.000}, median {Descriptive.Median(list.ToArray()):0.000}, max {list.Max():0.000}"));
        return lines;
    }
}

using System.Diagnostics;
using System.Globalization;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Optimization.Neural;
using EdgeOpt.Learning.Optimization.Search;
using EdgeOpt.Learning.Tests.TestSupport;
using Xunit.Abstractions;

namespace EdgeOpt.Learning.Tests.Optimization;

/// <summary>
/// Benchmark figures for the report (run with EDGEOPT_REPORTS=1; minutes): the neural optimizer against a
/// 10,000-evaluation evolutionary search (and, on NAS-Bench-201, the exhaustive optimum) on devices held out of
/// training, with the objective each optimizer's certified answer reaches under the device's predictor and the time
/// each takes to decide. Held-out devices: EDGEOPT_BENCH_DEVICES (comma-separated), default pixel3, gold_6240, titanx_32.
/// </summary>
public sealed class OptimizerBenchmarkReports(ITestOutputHelper output)
{
    private static readonly double[] Quantiles = [0.1, 0.3, 0.5, 0.7, 0.9];

    [ReportFact("fbnet/latency.csv")]
    public void Fbnet_NeuralAgainstTenThousandEvaluationEvolution()
    {
        var space = SearchSpaces.Fbnet;
        Run(space, Load(space, "fbnet/latency.csv"), new CapacityAccuracyProxy(space), exhaustive: false);
    }

    [ReportFact("nb201/latency.csv", "nb201/accuracy.csv")]
    public void Nb201_NeuralAgainstEvolutionAndExhaustive()
    {
        var space = SearchSpaces.Nb201;
        var accuracy = new TableAccuracySource(Load(space, "nb201/accuracy.csv"), space, "cifar100");
        Run(space, Load(space, "nb201/latency.csv"), accuracy, exhaustive: true);
    }

    private void Run(ISearchSpace space, MeasurementTable table, IAccuracySource accuracy, bool exhaustive)
    {
        var devices = (Environment.GetEnvironmentVariable("EDGEOPT_BENCH_DEVICES") ?? "pixel3,gold_6240,titanx_32")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var architectures = LatencyEvaluation.Parse(table, space);
        var gaps = new List<double>();
        var times = new Dictionary<string, List<double>> { ["neural"] = [], ["evolution"] = [], ["exhaustive"] = [] };
        var trainSeconds = new List<double>();
        foreach (var device in devices)
        {
            var training = LatencyTrainingData.From(table, space, table.Devices.Where(d => d != device).ToArray());
            var model = LatencyMethods.Create(LatencyMethods.Default, 0).Fit(training, CancellationToken.None);
            var neuralModel = new NeuralOptimizerTrainer(new NeuralOptimizerTrainer.Options { Seed = 0 })
                .Train(training, model, accuracy, null, CancellationToken.None);
            trainSeconds.Add(neuralModel.TrainingSeconds);
            var neural = new NeuralDesignOptimizer(neuralModel);
            var evolution = new EvolutionaryOptimizer(new EvolutionaryOptimizer.Options { EvaluationBudget = 10_000 });

            var column = table.Column(device);
            var rows = Enumerable.Range(0, column.Count).Where(r => column[r] is > 0).ToArray();
            var session = new DeviceMeasurementSession(device, rows.Select(r => architectures[r]).ToArray(), rows.Select(r => column[r]!.Value).ToArray(), 10);
            session.MeasureWith(model);
            var latency = new DesignCostModel(model.Adapt(session.Observations), null, model.Adapt);
            var sorted = rows.Select(r => column[r]!.Value).Order().ToArray();
            output.WriteLine($"{device}: neural optimizer trained in {neuralModel.TrainingSeconds:0.0} s");
            foreach (var q in Quantiles)
            {
                var budget = Descriptive.PercentileOfSorted(sorted, 100 * q);
                var problem = new OptimizationProblem
                {
                    Space = space, Accuracy = accuracy, Latency = latency, Budgets = new OptimizationBudgets(budget), Seed = 0,
                };
                neural.Optimize(problem, CancellationToken.None); // warm the caches the way a serving process would be warm
                var n = Timed(() => neural.Optimize(problem, CancellationToken.None), times["neural"]);
                var e = Timed(() => evolution.Optimize(problem, CancellationToken.None), times["evolution"]);
                var x = exhaustive ? Timed(() => new ExhaustiveOptimizer().Optimize(problem, CancellationToken.None), times["exhaustive"]) : null;
                var reference = x ?? e;
                var gap = 100 * (reference.Chosen.Score - n.Chosen.Score) / Math.Abs(reference.Chosen.Score);
                gaps.Add(gap);
                var exhaustiveText = x is null ? "" : FormattableString.Invariant($" exhaustive {x.Chosen.Score,7:0.###} ({x.DecisionTime.TotalMilliseconds:0} ms)");
                output.WriteLine(FormattableString.Invariant(
                    $"  q{q:0.0} {budget,8:0.###} ms: neural {n.Chosen.Score,7:0.###} ({n.Certification}, {n.DecisionTime.TotalMilliseconds:0.0} ms) evolution {e.Chosen.Score,7:0.###} ({e.DecisionTime.TotalMilliseconds:0} ms, {e.Evaluations} evals){exhaustiveText} gap {gap:0.00} % ({reference.Chosen.Score - n.Chosen.Score:0.00} points)"));
            }
        }
        var exhaustiveMs = times["exhaustive"].Count == 0 ? "n/a" : Median(times["exhaustive"]).ToString("0", CultureInfo.InvariantCulture);
        var referenceName = exhaustive ? "exhaustive" : "evolution";
        output.WriteLine(FormattableString.Invariant(
            $"{space.Id}: gap of neural to {referenceName} mean {gaps.Average():0.00} %, max {gaps.Max():0.00} %; within 1 %: {gaps.Count(g => g <= 1)}/{gaps.Count}; median decision ms: neural {Median(times["neural"]):0.0}, evolution {Median(times["evolution"]):0}, exhaustive {exhaustiveMs}; neural training {trainSeconds.Average():0.0} s per fold"));
    }

    private static OptimizationResult Timed(Func<OptimizationResult> run, List<double> times)
    {
        var clock = Stopwatch.StartNew();
        var result = run();
        times.Add(clock.Elapsed.TotalMilliseconds);
        return result;
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : Descriptive.Median(values);

    private static MeasurementTable Load(ISearchSpace space, string file) =>
        MeasurementCsv.Load(SharedData.PathOf(file), space.Id, text => space.TryParse(text, out _, out var error) ? null : error);
}

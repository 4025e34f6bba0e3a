using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Evaluation;
using EdgeOpt.Learning.Optimization.Neural;
using EdgeOpt.Learning.Optimization.Search;
using EdgeOpt.Learning.Persistence;
using EdgeOpt.Learning.Tests.TestSupport;
using Xunit.Abstractions;

namespace EdgeOpt.Learning.Tests.Optimization;

/// <summary>
/// Decision time of the optimizers on the evaluation protocol (run with EDGEOPT_REPORTS=1; minutes): for every device
/// of the space's latency table, the shipped latency model (models/&lt;space&gt;/latency.model) reads K = 10 cells and
/// adapts, and each optimizer answers the 10th-90th percentile budgets with V = 0 through
/// <see cref="OptimizeEvaluation.EvaluateDevice"/> (the clock of <c>edgeopt eval optimize</c>'s <c>decision_ms</c>).
/// The neural optimizer is the shipped policy (NAS-Bench-201) or, for FBNet (no shipped policy), one trained once on
/// every device ($EDGEOPT_FBNET_POLICY_STEPS training steps, default the trainer's 3000) and cached at
/// $EDGEOPT_FBNET_POLICY (default /tmp/edgeopt-fbnet-policy.pt). The latency models and
/// the policy were trained on every device, so the regrets here are not held-out figures: this report is for time,
/// and for checking that a change leaves every answer the same (EDGEOPT_DECISIONS_OUT=FILE writes one line per case:
/// method, device, budget, arch). Then the neural decision is taken apart on one device (see <see cref="Profile"/>).
/// EDGEOPT_BENCH_METHODS limits the methods (default neural,exhaustive,evolution; exhaustive only where the space
/// can be enumerated), EDGEOPT_BENCH_DEVICES the devices (default all). Times are wall ms (what decision_ms reports) and
/// the deciding thread's CPU ms (load from other processes inflates it far less; the exhaustive optimizer's first
/// prediction of a whole space runs on several threads, which that figure leaves out).
/// </summary>
public sealed class DecisionTimeReports(ITestOutputHelper output)
{
    [ReportFact("nb201/latency.csv", "nb201/accuracy.csv")]
    public void Nb201_DecisionTimePerMethod()
    {
        var space = SearchSpaces.Nb201;
        var accuracy = new TableAccuracySource(Load(space, "nb201/accuracy.csv"), space, "cifar100", "accuracy.csv:cifar100");
        var policy = NeuralOptimizerModel.Load(PretrainedModels.OptimizerPath(ModelsFolder(), space.Id));
        Run(space, Load(space, "nb201/latency.csv"), accuracy, policy);
    }

    [ReportFact("fbnet/latency.csv")]
    public void Fbnet_DecisionTimePerMethod()
    {
        var space = SearchSpaces.Fbnet;
        var table = Load(space, "fbnet/latency.csv");
        var accuracy = new CapacityAccuracyProxy(space);
        var path = Environment.GetEnvironmentVariable("EDGEOPT_FBNET_POLICY") ?? Path.Combine(Path.GetTempPath(), "edgeopt-fbnet-policy.pt");
        NeuralOptimizerModel policy;
        if (File.Exists(path) && File.Exists(path + ".json")) policy = NeuralOptimizerModel.Load(path);
        else
        {
            var training = LatencyTrainingData.From(table, space, table.Devices);
            var steps = int.TryParse(Environment.GetEnvironmentVariable("EDGEOPT_FBNET_POLICY_STEPS"), out var s) ? s : new NeuralOptimizerTrainer.Options().Steps;
            policy = new NeuralOptimizerTrainer(new NeuralOptimizerTrainer.Options { Seed = 0, Steps = steps })
                .Train(training, LatencyModel(space), accuracy, null, CancellationToken.None, output.WriteLine);
            policy.Save(path);
            output.WriteLine($"fbnet policy trained in {policy.TrainingSeconds:0} s and saved to {path}");
        }
        Run(space, table, accuracy, policy);
    }

    private void Run(ISearchSpace space, MeasurementTable table, IAccuracySource accuracy, NeuralOptimizerModel policy)
    {
        var latencyModel = LatencyModel(space);
        var methods = (Environment.GetEnvironmentVariable("EDGEOPT_BENCH_METHODS") ?? "neural,exhaustive,evolution")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var setup = new OptimizeEvaluationSetup { Space = space, Test = table, Accuracy = accuracy, Samples = 10, Seed = 0, Verify = 0 };
        var architectures = LatencyEvaluation.Parse(table, space);
        var devices = Environment.GetEnvironmentVariable("EDGEOPT_BENCH_DEVICES") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : table.Devices.ToArray();
        foreach (var d in devices)
            if (!table.HasDevice(d)) throw new ArgumentException($"EDGEOPT_BENCH_DEVICES: '{d}' is not a device of the table; available: {string.Join(", ", table.Devices)}");
        var lines = new StringBuilder();
        output.WriteLine($"{space.Id}: load average {LoadAverage()}, {Environment.ProcessorCount} cores, " +
                         $"{(Debugger.IsAttached ? "debugger" : "no debugger")}, optimized build: {IsOptimizedBuild()}");
        foreach (var method in methods)
        {
            IDesignOptimizer inner = method switch
            {
                "neural" => new NeuralDesignOptimizer(policy),
                "exhaustive" => new ExhaustiveOptimizer(),
                "evolution" => new EvolutionaryOptimizer(),
                _ => throw new ArgumentException($"EDGEOPT_BENCH_METHODS: unknown method '{method}'; allowed: neural, exhaustive, evolution"),
            };
            if (inner is ExhaustiveOptimizer && space.Size is null) continue;
            var optimizer = new CpuTimedOptimizer(inner);
            // Warm-up (JIT, the latency model's lazily built tables) on the first device, not counted.
            OptimizeEvaluation.EvaluateDevice(latencyModel, optimizer, setup, table.Devices[0], table.Column(table.Devices[0]), architectures, CancellationToken.None);
            optimizer.CpuMs.Clear();
            var cases = new List<OptimizeCase>();
            foreach (var device in devices)
            {
                var deviceCases = OptimizeEvaluation.EvaluateDevice(latencyModel, optimizer, setup, device, table.Column(device), architectures, CancellationToken.None);
                cases.AddRange(deviceCases);
                foreach (var c in deviceCases)
                    lines.AppendLine(FormattableString.Invariant($"{method}\t{c.Device}\t{c.BudgetMs:0.######}\t{c.Arch}"));
            }
            var times = cases.Select(c => c.DecisionMs).ToArray();
            var firsts = cases.Where((_, i) => i % setup.BudgetQuantiles.Count == 0).Select(c => c.DecisionMs).ToArray();
            var rest = cases.Where((_, i) => i % setup.BudgetQuantiles.Count != 0).Select(c => c.DecisionMs).ToArray();
            output.WriteLine(FormattableString.Invariant(
                $"{space.Id} {method}: {cases.Count} cases, median decision {Descriptive.Median(times):0.00} ms (first budget of a device {Descriptive.Median(firsts):0.00} ms, later budgets {Descriptive.Median(rest):0.00} ms, max {times.Max():0.0} ms; thread CPU median {Descriptive.Median(optimizer.CpuMs.ToArray()):0.00} ms); mean regret {cases.Where(c => c.Regret is not null).Average(c => c.Regret!.Value):0.000}, violations {cases.Count(c => c.Violation)}"));
        }
        if (Environment.GetEnvironmentVariable("EDGEOPT_DECISIONS_OUT") is { Length: > 0 } file)
            File.WriteAllText(file, lines.ToString());
        if (methods.Contains("neural")) Profile(space, table, accuracy, latencyModel, policy, setup);
        output.WriteLine($"{space.Id}: load average after {LoadAverage()}");
    }

    /// <summary>
    /// The neural decision's parts on one device, each timed over the device's budgets (first budget = cold per-device
    /// caches): the feature predictions, the forward passes, decoding, scoring the proposals (latency predictor and
    /// accuracy), and certification with its polish (scorer calls counted).
    /// </summary>
    private void Profile(ISearchSpace space, MeasurementTable table, IAccuracySource accuracy, ILatencyModel latencyModel,
        NeuralOptimizerModel policy, OptimizeEvaluationSetup setup)
    {
        var device = table.Devices[^1];
        var neural = new NeuralDesignOptimizer(policy);
        foreach (var wholeSpace in new[] { false, true })
            foreach (var coldRun in new[] { true, false })
            {
                var parts = NeuralDecisionProfile.Run(space, table, accuracy, latencyModel, neural, setup, device, coldRun, wholeSpace);
                foreach (var line in parts)
                    output.WriteLine($"{space.Id} {device} profile{(wholeSpace ? ", whole space" : ", candidates")}{(coldRun ? "" : " (second pass, warm caches)")}: {line}");
            }
    }

    internal static ILatencyModel LatencyModel(ISearchSpace space) =>
        PretrainedModels.TryLoadLatency(ModelsFolder(), space.Id) ?? throw new InvalidOperationException($"no shipped latency model for '{space.Id}'");

    internal static string ModelsFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "EdgeOpt.sln")))
                return Path.Combine(directory.FullName, PretrainedModels.FolderName);
        throw new InvalidOperationException($"no EdgeOpt.sln above {AppContext.BaseDirectory}");
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
    }

    private static bool IsOptimizedBuild() =>
        typeof(NeuralDesignOptimizer).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
            .OfType<DebuggableAttribute>().All(a => !a.IsJITOptimizerDisabled);

    private static MeasurementTable Load(ISearchSpace space, string file) =>
        MeasurementCsv.Load(SharedData.PathOf(file), space.Id, text => space.TryParse(text, out _, out var error) ? null : error);
}

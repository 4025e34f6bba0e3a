using System.Text.Json;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Evaluation;
using EdgeOpt.Learning.Optimization.Search;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

/// <summary>
/// <c>eval optimize</c> on a slice of the shared NAS-Bench-201 data (3,000 cells, three devices, each left out in
/// turn; ridge latency model so that it runs in seconds).
/// </summary>
public sealed class OptimizeEvaluationTests
{
    private static readonly string[] Devices = ["gold_6240", "pixel3", "titanx_1"];

    private static OptimizeEvaluationSetup Setup(int verify)
    {
        var space = SearchSpaces.Nb201;
        var latency = Load(space, "nb201/latency.csv");
        var rows = Enumerable.Range(0, latency.RowCount).Where(r => r % 5 == 0).ToArray();
        var slice = latency.SelectRows(rows).SelectDevices(Devices);
        return new OptimizeEvaluationSetup
        {
            Space = space, Train = slice, Test = slice, LeaveOneDeviceOut = true, Samples = 10, Seed = 0, Verify = verify,
            Accuracy = new TableAccuracySource(Load(space, "nb201/accuracy.csv"), space, "cifar100"),
            BudgetQuantiles = [0.2, 0.5, 0.8],
        };
    }

    private static OptimizeEvaluationReport Run(int verify) =>
        OptimizeEvaluation.Run(LatencyMethods.Create("ridge", 0), new ExhaustiveOptimizer(), null, Setup(verify), CancellationToken.None);

    [SharedDataFact("nb201/latency.csv", "nb201/accuracy.csv")]
    public void Json_HasTheGuidesFieldsAndConsistentSummary()
    {
        var report = Run(verify: 0);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(["task", "space", "samples", "method", "seed", "verify", "cases", "summary", "seconds"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("optimize", root.GetProperty("task").GetString());
        Assert.Equal("nb201", root.GetProperty("space").GetString());
        Assert.Equal("exhaustive", root.GetProperty("method").GetString());
        var cases = root.GetProperty("cases").EnumerateArray().ToArray();
        Assert.Equal(Devices.Length * 3, cases.Length);
        foreach (var c in cases)
        {
            Assert.Equal(["device", "budget_ms", "arch", "predicted_ms", "true_ms", "accuracy", "oracle_accuracy", "regret", "violation", "decision_ms"],
                c.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(c.GetProperty("true_ms").GetDouble() > c.GetProperty("budget_ms").GetDouble(), c.GetProperty("violation").GetBoolean());
            Assert.Equal(c.GetProperty("oracle_accuracy").GetDouble() - c.GetProperty("accuracy").GetDouble(), c.GetProperty("regret").GetDouble(), 9);
            Assert.True(SearchSpaces.Nb201.TryParse(c.GetProperty("arch").GetString()!, out _, out _));
        }
        var summary = root.GetProperty("summary");
        Assert.Equal(["cases", "violations", "mean_regret", "median_decision_ms"], summary.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(cases.Length, summary.GetProperty("cases").GetInt32());
        Assert.Equal(cases.Count(c => c.GetProperty("violation").GetBoolean()), summary.GetProperty("violations").GetInt32());
        Assert.Equal(cases.Average(c => c.GetProperty("regret").GetDouble()), summary.GetProperty("mean_regret").GetDouble(), 9);
    }

    [SharedDataFact("nb201/latency.csv", "nb201/accuracy.csv")]
    public void VerifyOne_NoAnswerExceedsItsBudget_AndOracleIsTheBestWithinBudget()
    {
        var setup = Setup(verify: 1);
        var report = Run(verify: 1);

        Assert.Equal(0, report.Summary.Violations);
        foreach (var c in report.Cases)
        {
            Assert.True(c.Regret >= -1e-9, $"{c.Device} @ {c.BudgetMs}: an answer within budget cannot beat the oracle (regret {c.Regret})");
            var column = setup.Test.Column(c.Device);
            var best = Enumerable.Range(0, setup.Test.RowCount).Where(r => column[r] <= c.BudgetMs)
                .Max(r => ((TableAccuracySource)setup.Accuracy).Top1(SearchSpaces.Nb201.Parse(setup.Test.Architectures[r])));
            Assert.Equal(best, c.OracleAccuracy!.Value, 9);
            Assert.True(c.VerifyMeasurements <= 1);
        }
    }

    [SharedDataFact("nb201/latency.csv", "nb201/accuracy.csv")]
    public void RunVariants_EachVariantAnswersAsItsOwnRun()
    {
        var variants = new[] { Setup(verify: 0), Setup(verify: 1) };
        variants = [variants[0], new OptimizeEvaluationSetup
        {
            Space = variants[0].Space, Train = variants[0].Train, Test = variants[0].Test, LeaveOneDeviceOut = true, Samples = 10, Seed = 0,
            Verify = 1, Accuracy = variants[0].Accuracy, BudgetQuantiles = [0.2, 0.5, 0.8],
        }];

        var reports = OptimizeEvaluation.RunVariants(LatencyMethods.Create("ridge", 0), new ExhaustiveOptimizer(), null, variants, CancellationToken.None);

        Assert.Equal(2, reports.Count);
        Assert.Equal(Run(verify: 0).Cases.Select(c => (c.Device, c.BudgetMs, c.Arch)), reports[0].Cases.Select(c => (c.Device, c.BudgetMs, c.Arch)));
        Assert.Equal(Run(verify: 1).Cases.Select(c => (c.Device, c.BudgetMs, c.Arch)), reports[1].Cases.Select(c => (c.Device, c.BudgetMs, c.Arch)));
        Assert.Equal(0, reports[0].Verify);
        Assert.Equal(1, reports[1].Verify);
    }

    [Fact]
    public void RunVariants_AVariantWithAnotherSeed_IsRefusedWithItsIndex()
    {
        var space = SearchSpaces.Nb201;
        var architectures = space.Enumerate().Take(50).ToArray();
        var table = new MeasurementTable(space.Id, architectures.Select(space.Format).ToArray(), null,
            [new DeviceColumn("dev", architectures.Select(a => (double?)SyntheticLatency.Nb201Ms(a)).ToArray())]);
        var accuracy = new FunctionAccuracy(space, OptimizationFixtures.Nb201Accuracy);
        OptimizeEvaluationSetup Setup(int seed) => new() { Space = space, Test = table, Accuracy = accuracy, Seed = seed };

        var error = Assert.Throws<ArgumentException>(() => OptimizeEvaluation.RunVariants(
            LatencyMethods.Create("ridge", 0), new ExhaustiveOptimizer(), null, [Setup(0), Setup(1)], CancellationToken.None));

        Assert.Contains("variant 1", error.Message);
        Assert.Contains("seed", error.Message);
    }

    [Fact]
    public void Run_BudgetForAnUnknownDevice_NamesItAndTheTestDevices()
    {
        var space = SearchSpaces.Nb201;
        var architectures = space.Enumerate().Take(50).ToArray();
        var table = new MeasurementTable(space.Id, architectures.Select(space.Format).ToArray(), null,
            [new DeviceColumn("dev", architectures.Select(a => (double?)SyntheticLatency.Nb201Ms(a)).ToArray())]);
        var setup = new OptimizeEvaluationSetup
        {
            Space = space, Test = table, Accuracy = new FunctionAccuracy(space, OptimizationFixtures.Nb201Accuracy),
            Budgets = new Dictionary<string, IReadOnlyList<double>> { ["phone"] = [5.0] },
        };

        var error = Assert.Throws<ArgumentException>(() =>
            OptimizeEvaluation.Run(LatencyMethods.Create("ridge", 0), new ExhaustiveOptimizer(), null, setup, CancellationToken.None));

        Assert.Contains("'phone'", error.Message);
        Assert.Contains("dev", error.Message);
    }

    [Fact]
    public void Confidence_NotGiven_IsSaferWithoutVerificationThanWithIt_AndAGivenOneIsKept()
    {
        var space = SearchSpaces.Nb201;
        var table = new MeasurementTable(space.Id, [space.Format(space.At(0))], null, [new DeviceColumn("dev", [1.0])]);
        OptimizeEvaluationSetup Setup(int verify, double? confidence = null) => confidence is { } c
            ? new() { Space = space, Test = table, Accuracy = new FunctionAccuracy(space, OptimizationFixtures.Nb201Accuracy), Verify = verify, Confidence = c }
            : new() { Space = space, Test = table, Accuracy = new FunctionAccuracy(space, OptimizationFixtures.Nb201Accuracy), Verify = verify };

        Assert.Equal(OptimizeEvaluationSetup.DefaultConfidence(0), Setup(0).Confidence);
        Assert.Equal(OptimizeEvaluationSetup.DefaultConfidence(1), Setup(1).Confidence);
        Assert.True(Setup(0).Confidence > Setup(1).Confidence, "an unverified answer is final, so it needs the higher confidence");
        Assert.Equal(0.8, Setup(0, 0.8).Confidence);
    }

    private static MeasurementTable Load(ISearchSpace space, string file) =>
        MeasurementCsv.Load(SharedData.PathOf(file), space.Id, text => space.TryParse(text, out _, out var error) ? null : error);
}

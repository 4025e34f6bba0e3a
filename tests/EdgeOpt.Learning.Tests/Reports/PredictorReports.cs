using EdgeOpt.Core.Datasets;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.PerDevice;
using EdgeOpt.Learning.Tests.TestSupport;
using Xunit.Abstractions;

namespace EdgeOpt.Learning.Tests.Reports;

/// <summary>
/// The figures quoted in reports, as markdown tables on the test output. Not specifications: skipped unless
/// EDGEOPT_REPORTS=1. Run with
/// <c>EDGEOPT_REPORTS=1 dotnet test tests/EdgeOpt.Learning.Tests --filter FullyQualifiedName~Reports --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class PredictorReports(ITestOutputHelper output)
{
    private static readonly int[] TrainCounts = [100, 300, 1000];

    [ReportFact("nb201/latency.csv")]
    public void PerDeviceLatency_Nb201_AllDevices() => LatencyTable("nb201/latency.csv", "nb201");

    [ReportFact("fbnet/latency.csv")]
    public void PerDeviceLatency_Fbnet_AllDevices() => LatencyTable("fbnet/latency.csv", "fbnet");

    [ReportFact("nb201/accuracy.csv")]
    public void Accuracy_Nb201_AllColumnsBothFeatureSets()
    {
        var table = MeasurementCsv.Load(SharedData.PathOf("nb201/accuracy.csv"), "nb201");
        Line("| column | features | train | sample seed | Spearman | Kendall | MAE (points) | top-10 % Spearman | 90 % interval coverage | fit s |");
        Line("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var column in table.Devices)
        foreach (var featureSet in new[] { ArchitectureFeatureSet.EncodingAndCellStructure, ArchitectureFeatureSet.Encoding })
        foreach (var trainCount in new[] { 100, 300, 1000 })
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var r = AccuracyHoldout.Evaluate(table, column, trainCount, seed, new AccuracyPredictorTrainer.Options { Seed = seed, FeatureSet = featureSet });
            Line($"| {column} | {featureSet} | {trainCount} | {seed} | {r.Spearman:F4} | {r.KendallTau:F4} | {r.MaePoints:F2} | {r.TopDecileSpearman:F3} | {r.IntervalCoverage:F3} | {r.FitSeconds:F1} |");
        }
    }

    private void LatencyTable(string file, string spaceId)
    {
        var table = MeasurementCsv.Load(SharedData.PathOf(file), spaceId);
        Line($"{file}: train on n measurements of one device (sample seed 1, trainer seed 1), score on all its other rows");
        Line("| device | n | Spearman | Kendall | MAPE % | median APE % | within 10 % | 90 % interval coverage | fit s | predict s |");
        Line("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var device in table.Devices)
        foreach (var n in TrainCounts)
        {
            var r = PerDeviceLatencyHoldout.Evaluate(table, device, n, 1, new PerDeviceLatencyTrainer.Options { Seed = 1 });
            Line($"| {device} | {n} | {r.Spearman:F4} | {r.KendallTau:F4} | {r.MapePercent:F2} | {r.MedianApePercent:F2} | {r.Within10Percent:F3} | {r.IntervalCoverage:F3} | {r.FitSeconds:F2} | {r.PredictSeconds:F2} |");
        }
    }

    private void Line(string text) => output.WriteLine(text);
}

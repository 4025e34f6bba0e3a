using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.PerDevice;
using EdgeOpt.Learning.Tests.TestSupport;
using Xunit.Abstractions;

namespace EdgeOpt.Learning.Tests.PerDevice;

public sealed class PerDeviceLatencyOnSharedDataTests(ITestOutputHelper output)
{
    private const string Nb201Latency = "nb201/latency.csv";

    [SharedDataFact(Nb201Latency)]
    public void Fit_300Pixel3Measurements_RanksTheOtherCellsAndCutOffCellsDoNotWreckTheRelativeError()
    {
        var table = MeasurementCsv.Load(SharedData.PathOf(Nb201Latency), Nb201Space.SpaceId);

        var withCells = PerDeviceLatencyHoldout.Evaluate(table, "pixel3", 300, 1, new() { Seed = 1 });
        var encodingOnly = PerDeviceLatencyHoldout.Evaluate(table, "pixel3", 300, 1, new() { Seed = 1, FeatureSet = ArchitectureFeatureSet.Encoding });

        output.WriteLine($"with cell features: {withCells}");
        output.WriteLine($"encoding only:      {encodingOnly}");
        Assert.Equal(15_325, withCells.TestCount);
        Assert.True(withCells.Spearman >= 0.9, $"Spearman {withCells.Spearman:F4}");
        // pixel3 runs cut-off cells in microseconds; the structure features are what tells the trees so.
        Assert.True(withCells.MapePercent < encodingOnly.MapePercent / 2,
            $"MAPE {withCells.MapePercent:F1} % with cell features, {encodingOnly.MapePercent:F1} % without");
    }
}

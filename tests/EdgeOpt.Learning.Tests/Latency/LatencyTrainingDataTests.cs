using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Tests.Support;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class LatencyTrainingDataTests
{
    private static MeasurementTable Table() => LatencyMethodTestKit.ScaledFleet(noise: 0, rows: 100).Known;

    [Fact]
    public void From_SamplesPerDevice_KeepsThatManyCellsPerDeviceReproducibly()
    {
        var table = Table();
        var first = LatencyTrainingData.From(table, SyntheticFleet.Space, samplesPerDevice: 20, seed: 4);
        var second = LatencyTrainingData.From(table, SyntheticFleet.Space, samplesPerDevice: 20, seed: 4);

        foreach (var device in first.Devices)
        {
            Assert.Equal(20, first.Table.MeasuredRows(device).Length);
            Assert.Equal(first.Table.MeasuredRows(device), second.Table.MeasuredRows(device));
        }
        Assert.NotEqual(first.Table.MeasuredRows("a"), first.Table.MeasuredRows("b"));
    }

    [Fact]
    public void From_ZeroCell_CountsAsNotMeasured()
    {
        var table = Table();
        var column = table.Column("a").ToArray();
        column[3] = 0;
        var data = LatencyTrainingData.From(table.WithDevice("a", column), SyntheticFleet.Space);
        Assert.True(double.IsNaN(data.LogColumn("a")[3]));
        Assert.Equal(Math.Log(column[4]!.Value), data.LogColumn("a")[4], 12);
    }

    [Fact]
    public void From_SelectedDevices_OnlyThoseInOrder()
    {
        var data = LatencyTrainingData.From(Table(), SyntheticFleet.Space, ["d", "a"]);
        Assert.Equal(["d", "a"], data.Devices);
        Assert.Equal(100, data.Architectures.Count);
    }

    [Fact]
    public void From_TableOfAnotherSpace_NamesBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => LatencyTrainingData.From(Table(), SearchSpaces.Fbnet));
        Assert.Contains("'nb201'", error.Message);
        Assert.Contains("'fbnet'", error.Message);
    }
}

using System.Text.Json;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Tests.Latency;
using EdgeOpt.Learning.Tests.Support;

namespace EdgeOpt.Learning.Tests.Evaluation;

public sealed class LeaveDevicesOutTests
{
    private static MeasurementTable Fleet()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.01, rows: 120);
        return known.WithDevice("new", fresh.Column("new"));
    }

    [Fact]
    public void Run_EachFoldTrainsOnTheOtherDevicesOnly_OncePerSeed()
    {
        var table = Fleet();
        var spy = new RecordingTrainer();
        var folds = LeaveDevicesOut.ParseFolds("a,b;new", table);
        var report = LeaveDevicesOut.Run(_ => spy, SyntheticFleet.Space, table, folds, [0, 1], 10, null, CancellationToken.None);

        Assert.Equal(4, spy.Trainings.Count);
        Assert.Equal(["c", "d", "new"], spy.Trainings[0]);
        Assert.Equal(["a", "b", "c", "d"], spy.Trainings[2]);
        Assert.Equal(["a", "b", "new"], report.Rows.Select(r => r.Device));
        Assert.All(report.Rows, r => Assert.Equal(2, r.PerSeed.Count));
        Assert.Equal(report.Rows.Average(r => r.Mean.Srcc), report.Mean.Srcc, 12);
    }

    [Fact]
    public void Json_ListsFoldsSeedsAndPerDeviceMeans()
    {
        var table = Fleet();
        var report = LeaveDevicesOut.Run(_ => new RidgeLatencyTrainer(), SyntheticFleet.Space, table,
            LeaveDevicesOut.ParseFolds("new;a", table), [3], 10, null, CancellationToken.None);
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;

        Assert.Equal("latency-folds", root.GetProperty("task").GetString());
        Assert.Equal([3], root.GetProperty("seeds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(2, root.GetProperty("folds").GetArrayLength());
        Assert.Equal(0, root.GetProperty("devices").GetProperty("new").GetProperty("fold").GetInt32());
        Assert.Equal(["srcc", "kendall", "mape", "within10", "coverage90"], root.GetProperty("mean").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("a,b;b", "more than one fold")]
    [InlineData("a;fpga", "'fpga'")]
    [InlineData(" ; ", "groups like")]
    public void ParseFolds_BadText_SaysWhy(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => LeaveDevicesOut.ParseFolds(text, Fleet()));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ParseFolds_Each_OneFoldPerDevice() =>
        Assert.Equal(5, LeaveDevicesOut.ParseFolds("each", Fleet()).Count);
}

using System.Text.Json;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Tests.Latency;
using EdgeOpt.Learning.Tests.Support;

namespace EdgeOpt.Learning.Tests.Evaluation;

public sealed class LatencyEvaluationTests
{
    private static MeasurementTable Fleet()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.01, rows: 150);
        return known.WithDevice("new", fresh.Column("new"));
    }

    [Fact]
    public void Run_SameTableForTrainingAndTest_TestDevicesAreNeverTrainedOn()
    {
        var table = Fleet();
        var spy = new RecordingTrainer();
        var report = LatencyEvaluation.Run(spy, new LatencyEvaluationSetup
        {
            Space = SyntheticFleet.Space, Train = table, Test = table, TestDevices = ["new", "b"], Samples = 10,
        }, CancellationToken.None);

        Assert.Equal(["a", "c", "d"], spy.TrainedOn);
        Assert.Equal(["a", "c", "d"], report.TrainDevices);
        Assert.Equal(["new", "b"], report.Devices.Select(d => d.Device));
    }

    [Fact]
    public void Run_TestDeviceNamedAmongTrainDevices_IsStillLeftOut()
    {
        var table = Fleet();
        var spy = new RecordingTrainer();
        LatencyEvaluation.Run(spy, new LatencyEvaluationSetup
        {
            Space = SyntheticFleet.Space, Train = table, TrainDevices = ["a", "new"], Test = table, TestDevices = ["new"],
        }, CancellationToken.None);
        Assert.Equal(["a"], spy.TrainedOn);
    }

    [Fact]
    public void Run_EmptyCells_AreNeitherMeasuredNorScored()
    {
        var table = Fleet();
        var column = table.Column("new").ToArray();
        for (var r = 0; r < column.Length; r += 3) column[r] = null;
        var test = table.WithDevice("new", column);
        var report = LatencyEvaluation.Run(new RidgeLatencyTrainer(), new LatencyEvaluationSetup
        {
            Space = SyntheticFleet.Space, Train = table, Test = test, TestDevices = ["new"], Samples = 10,
        }, CancellationToken.None);

        var device = report.Devices.Single();
        var available = column.Count(v => v is not null);
        Assert.Equal(10, device.Measured);
        Assert.Equal(available - 10, device.Scored);
        var emptyArchitectures = Enumerable.Range(0, column.Length).Where(r => column[r] is null).Select(r => table.Architectures[r]).ToHashSet();
        Assert.DoesNotContain(device.MeasuredArchitectures, emptyArchitectures.Contains);
    }

    [Fact]
    public void Run_UnknownTestDevice_ListsTheAvailableOnes()
    {
        var table = Fleet();
        var error = Assert.Throws<ArgumentException>(() => LatencyEvaluation.Run(new RidgeLatencyTrainer(),
            new LatencyEvaluationSetup { Space = SyntheticFleet.Space, Test = table, TestDevices = ["fpga"] }, CancellationToken.None));
        Assert.Contains("'fpga'", error.Message);
        Assert.Contains("new", error.Message);
    }

    [Fact]
    public void Session_BudgetSpent_RefusesAnotherRead()
    {
        var architectures = SyntheticFleet.Architectures(5, 1);
        var session = new DeviceMeasurementSession("x", architectures, [1, 2, 3, 4, 5], budget: 2);
        session.Measure(0);
        Assert.Throws<InvalidOperationException>(() => session.Measure(0));
        session.Measure(3);
        var error = Assert.Throws<InvalidOperationException>(() => session.Measure(1));
        Assert.Contains("budget of 2", error.Message);
        Assert.Equal([1.0, 4.0], session.Observations.Select(o => o.Value));
    }

    [SharedDataFact("nb201/latency.csv")]
    public void Json_SliceOfSharedNb201_HasExactlyTheDocumentedKeysAndTypes()
    {
        var space = SearchSpaces.Nb201;
        var full = MeasurementCsv.Load(SharedData.PathOf("nb201/latency.csv"), space.Id);
        var table = full.SelectRows(Enumerable.Range(0, 300).Select(i => i * 50));
        var report = LatencyEvaluation.Run(LatencyMethodTestKit.SmallNeuralLinear(), new LatencyEvaluationSetup
        {
            Space = space, Train = table, Test = table, TestDevices = [table.Devices[0], table.Devices[5]], Samples = 10, Seed = 3,
        }, CancellationToken.None);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(["task", "space", "samples", "method", "seed", "target", "unit", "devices", "mean", "seconds"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("latency", root.GetProperty("task").GetString());
        Assert.Equal(("latency", "ms"), (root.GetProperty("target").GetString(), root.GetProperty("unit").GetString()));
        Assert.Equal("nb201", root.GetProperty("space").GetString());
        Assert.Equal(10, root.GetProperty("samples").GetInt32());
        Assert.Equal("neural-linear", root.GetProperty("method").GetString());
        Assert.Equal(3, root.GetProperty("seed").GetInt32());
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        var devices = root.GetProperty("devices");
        Assert.Equal([table.Devices[0], table.Devices[5]], devices.EnumerateObject().Select(p => p.Name));
        foreach (var device in devices.EnumerateObject())
        {
            Assert.Equal(["srcc", "kendall", "mape", "within10", "measured"], device.Value.EnumerateObject().Select(p => p.Name));
            Assert.Equal(10, device.Value.GetProperty("measured").GetInt32());
            Assert.InRange(device.Value.GetProperty("srcc").GetDouble(), -1, 1);
            Assert.InRange(device.Value.GetProperty("kendall").GetDouble(), -1, 1);
            Assert.InRange(device.Value.GetProperty("within10").GetDouble(), 0, 1);
            Assert.True(device.Value.GetProperty("mape").GetDouble() >= 0);
        }
        var mean = root.GetProperty("mean");
        Assert.Equal(["srcc", "kendall", "mape", "within10"], mean.EnumerateObject().Select(p => p.Name));
        var expected = devices.EnumerateObject().Average(d => d.Value.GetProperty("srcc").GetDouble());
        Assert.Equal(expected, mean.GetProperty("srcc").GetDouble(), 12);
    }
}

using System.Text.Json;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Proxy;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class ProxyEvaluationTests
{
    private static readonly string[] TopLevel = ["task", "space", "samples", "method", "seed", "devices", "mean", "seconds"];
    private static readonly string[] PerDevice = ["proxy", "estimated_srcc", "true_srcc", "decision", "adapted_srcc", "measured"];
    private static readonly string[] Means = ["estimated_srcc", "true_srcc", "adapted_srcc", "measured"];

    /// <summary>The three known cost tables plus a fourth device unlike them.</summary>
    private static MeasurementTable Fleet()
    {
        var architectures = ProxyTestFleet.Architectures(400, 9);
        return ProxyTestFleet.KnownTable(architectures)
            .WithDevice("odd", architectures.Select(a => (double?)ProxyTestFleet.Latency(a, ProxyTestFleet.DifferentCosts)).ToArray());
    }

    private static ProxyEvaluationReport Run(MeasurementTable train, MeasurementTable test, IReadOnlyList<string>? testDevices = null, int maxSamples = 30) =>
        ProxyEvaluation.Run(new ProxyEvaluationSetup
        {
            Data = new LatencyEvaluationSetup { Space = ProxyTestFleet.Space, Train = train, Test = test, TestDevices = testDevices, Samples = 10, Seed = 3 },
            Options = ProxyTestFleet.Quick with { MaxSamples = maxSamples },
        }, CancellationToken.None);

    private static void AssertGuideLayout(string json, IEnumerable<string> devices, int maxSamples)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(TopLevel, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("proxy", root.GetProperty("task").GetString());
        Assert.Equal(devices, root.GetProperty("devices").EnumerateObject().Select(p => p.Name));
        foreach (var device in root.GetProperty("devices").EnumerateObject())
        {
            Assert.Equal(PerDevice, device.Value.EnumerateObject().Select(p => p.Name));
            Assert.Contains(device.Value.GetProperty("decision").GetString(), new[] { "reuse", "adapt" });
            Assert.NotEqual(device.Name, device.Value.GetProperty("proxy").GetString());
            Assert.InRange(device.Value.GetProperty("measured").GetInt32(), 10, maxSamples);
            foreach (var metric in new[] { "estimated_srcc", "true_srcc", "adapted_srcc" })
                Assert.InRange(device.Value.GetProperty(metric).GetDouble(), -1, 1);
        }
        Assert.Equal(Means, root.GetProperty("mean").EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Run_SameTable_LeavesEachDeviceOutInTurn_AndScoresTheTrueCorrelationOfItsProxy()
    {
        var table = Fleet();
        var report = Run(table, table);

        Assert.True(report.LeaveOneDeviceOut);
        Assert.Equal(table.Devices, report.Devices.Select(d => d.Device));
        foreach (var device in report.Devices)
        {
            Assert.NotEqual(device.Device, device.Proxy);
            Assert.DoesNotContain(device.Device, device.Evidence.Candidates.Select(c => c.Device));
            Assert.Equal(3, device.Evidence.Candidates.Count);
            var expected = Correlation.Spearman(table.Column(device.Proxy).Select(v => v!.Value).ToArray(), table.Column(device.Device).Select(v => v!.Value).ToArray());
            Assert.Equal(expected, device.TrueSrcc, 12);
            Assert.InRange(device.Measured, 10, 30);
        }
        foreach (var device in report.Devices)
        {
            // estimated_srcc is the chosen proxy's Spearman on the first K = 10 measurements.
            var first = device.MeasuredArchitectures.Take(10).Select(a => table.IndexOf(a)).ToArray();
            var expected = Correlation.Spearman(table.ValuesAt(device.Device, first), table.ValuesAt(device.Proxy, first));
            Assert.Equal(expected, device.EstimatedSrcc, 12);
        }
        var odd = report.Devices.Single(d => d.Device == "odd");
        Assert.Equal(ProxyDecisionKind.Adapt, odd.Decision);
        Assert.True(odd.AdaptedSrcc > odd.TrueSrcc, $"adapted {odd.AdaptedSrcc:F3} vs proxy {odd.TrueSrcc:F3}");
    }

    [Fact]
    public void Run_OtherTestTable_KnowsEveryTrainingDeviceButTheTestDevicesNames()
    {
        var table = Fleet();
        var test = table.SelectDevices(["odd", "gpu"]).SelectRows(Enumerable.Range(0, 200));
        var report = Run(table, test);

        Assert.False(report.LeaveOneDeviceOut);
        Assert.All(report.Devices, d => Assert.Equal(["cpu", "dsp"], d.Evidence.Candidates.Select(c => c.Device).Order()));
    }

    [Fact]
    public void Run_EmptyCellsOnTheTestDevice_AreNeverMeasured()
    {
        var table = Fleet();
        var column = table.Column("odd").ToArray();
        for (var r = 0; r < column.Length; r += 2) column[r] = null;
        var test = table.WithDevice("odd", column);
        var report = Run(table, test, ["odd"]);

        var empty = Enumerable.Range(0, column.Length).Where(r => column[r] is null).Select(r => test.Architectures[r]).ToHashSet();
        var device = report.Devices.Single();
        Assert.Equal(device.Measured, device.MeasuredArchitectures.Count);
        Assert.Equal(device.Measured, device.Evidence.Measured);
        Assert.InRange(device.Measured, 10, 30);
        Assert.Empty(empty.Intersect(device.MeasuredArchitectures));
    }

    [Fact]
    public void WriteJson_FollowsTheGuideLayout()
    {
        var table = Fleet();
        var report = Run(table, table);
        AssertGuideLayout(report.ToJson(), table.Devices, 30);
    }

    [Fact]
    public void Run_WithoutTrainingTable_SaysTheProxiesComeFromIt()
    {
        var table = Fleet();
        var error = Assert.Throws<ArgumentException>(() => ProxyEvaluation.Run(new ProxyEvaluationSetup
        {
            Data = new LatencyEvaluationSetup { Space = ProxyTestFleet.Space, Test = table },
        }, CancellationToken.None));
        Assert.Contains("--train", error.Message);
    }

    [SharedDataFact("nb201/latency.csv")]
    public void Run_SliceOfTheSharedNb201Table_WritesTheGuideLayout()
    {
        var space = SearchSpaces.Nb201;
        var full = MeasurementCsv.Load(SharedData.PathOf("nb201/latency.csv"), space.Id);
        string[] devices = ["1080ti_1", "titanx_1", "silver_4114", "gold_6240", "pixel3"];
        var slice = full.SelectDevices(devices).SelectRows(Enumerable.Range(0, 1500));
        var report = ProxyEvaluation.Run(new ProxyEvaluationSetup
        {
            Data = new LatencyEvaluationSetup { Space = space, Train = slice, Test = slice, Samples = 10, Seed = 0 },
            Options = ProxyTestFleet.Quick with { MaxSamples = 30 },
        }, CancellationToken.None);

        AssertGuideLayout(report.ToJson(), devices, 30);
        Assert.All(report.Devices, d => Assert.Contains(d.Proxy, devices));
    }
}

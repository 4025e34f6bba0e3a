using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class KnownDeviceLatenciesTests
{
    private static readonly EdgeOpt.Core.Spaces.Architecture[] Architectures = ProxyTestFleet.Architectures(300, 12);

    /// <summary>"gpu" measured everywhere; "cpu" measured on the first <paramref name="cpuRows"/> rows only.</summary>
    private static KnownDeviceLatencies Known(int cpuRows)
    {
        var table = ProxyTestFleet.KnownTable(Architectures);
        var cpu = table.Column("cpu").Select((v, r) => r < cpuRows ? v : null).ToArray();
        return ProxyTestFleet.Known(table.SelectDevices(["gpu", "cpu"]).WithDevice("cpu", cpu));
    }

    private static double TrueLogCpu(EdgeOpt.Core.Spaces.Architecture a) => Math.Log(ProxyTestFleet.Latency(a, ProxyTestFleet.KnownCosts["cpu"]));

    [Fact]
    public void LogLatencies_MeasuredCells_AreTheMeasurementsLogs()
    {
        var known = Known(cpuRows: 100);
        var logs = known.LogLatencies(known.IndexOf("cpu"), Architectures.Take(100).ToArray());
        for (var i = 0; i < 100; i++) Assert.Equal(TrueLogCpu(Architectures[i]), logs[i], 12);
        Assert.Equal(100, known.MeasuredCount(known.IndexOf("cpu")));
        Assert.False(known.IsMeasuredOnAll(Architectures[150]));
        Assert.True(known.IsMeasuredOnAll(Architectures[50]));
    }

    [Theory]
    [InlineData(20)]   // too few for trees: the additive per-option model
    [InlineData(120)]  // enough for the per-device boosted trees
    public void LogLatencies_MissingCells_ComeFromTheDevicesOwnModel_AndRankLikeTheTruth(int cpuRows)
    {
        var known = Known(cpuRows);
        var missing = Architectures.Skip(cpuRows).ToArray();
        var predicted = known.LogLatencies(known.IndexOf("cpu"), missing);
        Assert.All(predicted, v => Assert.True(double.IsFinite(v)));
        var srcc = Correlation.Spearman(predicted, missing.Select(TrueLogCpu).ToArray());
        Assert.True(srcc > 0.8, $"Spearman of the fallback on unmeasured cells: {srcc:F3}");
    }

    [Fact]
    public void Constructor_DeviceWithTooFewMeasurements_NamesIt()
    {
        var table = ProxyTestFleet.KnownTable(Architectures);
        var starved = table.WithDevice("cpu", table.Column("cpu").Select((v, r) => r < 2 ? v : null).ToArray());
        var error = Assert.Throws<ArgumentException>(() => ProxyTestFleet.Known(starved));
        Assert.Contains("'cpu'", error.Message);
        Assert.Contains("at least 3", error.Message);
    }

    [Fact]
    public void Constructor_NoKnownDevice_SaysTheWorkflowNeedsOne()
    {
        var error = Assert.Throws<ArgumentException>(() => new KnownDeviceLatencies(LatencyTrainingData.None(ProxyTestFleet.Space), 0));
        Assert.Contains("at least one known device", error.Message);
    }
}

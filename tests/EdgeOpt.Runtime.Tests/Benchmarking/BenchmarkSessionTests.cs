using EdgeOpt.Runtime.Benchmarking;
using EdgeOpt.Runtime.Tests.Support;

namespace EdgeOpt.Runtime.Tests.Benchmarking;

public class BenchmarkSessionTests
{
    private static readonly BenchmarkOptions Quick = new()
    {
        WarmupRuns = 2,
        MinRuns = 5,
        MaxRuns = 30,
        TargetRelativeStandardError = 0.05,
        MaxSeconds = 10,
    };

    private static BenchmarkItem Good(string arch, int seed) => new(arch, _ => TinyModels.MatMulRelu(seed: seed));

    [Fact]
    public void Run_MeasuresEachItemInOrderIntoOneDeviceColumn()
    {
        var progress = new SyncProgress<BenchmarkItemProgress>(_ => { });
        var items = new[]
        {
            Good("|a|", 1),
            new BenchmarkItem("|broken|", _ => throw new InvalidDataException("generator refused")),
            Good("|c|", 3),
        };

        var session = new BenchmarkSession(new BenchmarkRunner()).Run(
            "nb201", "this_cpu_1", items, Quick, "fp32", progress);

        Assert.Equal("nb201", session.Table.SpaceId);
        Assert.Equal(["|a|", "|broken|", "|c|"], session.Table.Architectures);
        Assert.Equal(["this_cpu_1"], session.Table.Devices);
        var column = session.Table.Column("this_cpu_1");
        Assert.Equal(session.Items[0].Result!.MedianMs, column[0]);
        Assert.Null(column[1]);
        Assert.Equal(session.Items[2].Result!.MedianMs, column[2]);
        Assert.Equal(1, session.Failed);
        Assert.Contains("generator refused", session.Items[1].Error);

        Assert.Equal([0, 1, 2], progress.Reports.Select(r => r.Index));
        Assert.All(progress.Reports, r => Assert.Equal(3, r.Total));
        Assert.Equal(["|a|", "|broken|", "|c|"], progress.Reports.Select(r => r.Arch));
        Assert.Null(progress.Reports[1].Result);
        Assert.Same(session.Items[2].Result, progress.Reports[2].Result);
    }

    [Fact]
    public void Run_DuplicateArchitecture_IsRejectedBeforeAnythingRuns()
    {
        var built = 0;
        var items = new[]
        {
            new BenchmarkItem("|a|", _ => { built++; return TinyModels.MatMulRelu(); }),
            new BenchmarkItem("|a|", _ => { built++; return TinyModels.MatMulRelu(); }),
        };
        var ex = Assert.Throws<ArgumentException>(
            () => new BenchmarkSession(new BenchmarkRunner()).Run("nb201", "cpu", items, Quick, "fp32"));
        Assert.Contains("item 0 and item 1", ex.Message);
        Assert.Equal(0, built);
    }

    [Theory]
    [InlineData("arch")]
    [InlineData("")]
    public void Run_InvalidDeviceColumn_Throws(string device) =>
        Assert.ThrowsAny<ArgumentException>(
            () => new BenchmarkSession(new BenchmarkRunner()).Run("nb201", device, [Good("|a|", 1)], Quick, "fp32"));

    [Fact]
    public void Run_CancelledAfterFirstItem_StopsBeforeBuildingTheNext()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<BenchmarkItemProgress>(_ => cts.Cancel());
        var secondBuilt = false;
        var items = new[]
        {
            Good("|a|", 1),
            new BenchmarkItem("|b|", _ => { secondBuilt = true; return TinyModels.MatMulRelu(); }),
        };
        Assert.ThrowsAny<OperationCanceledException>(
            () => new BenchmarkSession(new BenchmarkRunner()).Run("nb201", "cpu", items, Quick, "fp32", progress, cts.Token));
        Assert.False(secondBuilt);
    }

    [Fact]
    public void Sidecar_RoundTripsThroughJsonAndSitsBesideTheCsv()
    {
        var session = new BenchmarkSession(new BenchmarkRunner()).Run(
            "fbnet", "this_cpu_1", [Good("k3_e1 skip", 1), new BenchmarkItem("skip", _ => throw new InvalidOperationException("no"))],
            Quick, "fp16");
        var sidecar = BenchmarkSidecar.From(session);
        var json = sidecar.ToJson();
        Assert.Contains("\"medianMs\"", json);
        Assert.Contains("\"executionProvider\": \"cpu\"", json);

        var back = BenchmarkSidecar.Parse(json);
        Assert.Equal(BenchmarkSidecar.CurrentSchema, back.Schema);
        Assert.Equal("fbnet", back.SpaceId);
        Assert.Equal("this_cpu_1", back.DeviceColumn);
        Assert.Equal("fp16", back.Precision);
        Assert.Equal(Quick, back.Options);
        Assert.Equal(session.Items[0].Result, back.Items[0].Result);
        Assert.Null(back.Items[1].Result);
        Assert.Contains("no", back.Items[1].Error);

        Assert.Equal(Path.Combine("out", "latency.provenance.json"), BenchmarkSidecar.PathFor(Path.Combine("out", "latency.csv")));
        var dir = Directory.CreateTempSubdirectory("edgeopt-sidecar-");
        try
        {
            var path = Path.Combine(dir.FullName, "latency.provenance.json");
            sidecar.Save(path);
            Assert.Equal(json, File.ReadAllText(path));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Sidecar_WrongSchema_IsRejected() =>
        Assert.Throws<System.Text.Json.JsonException>(() => BenchmarkSidecar.Parse(
            """{"schema":"other/1","spaceId":"s","deviceColumn":"d","precision":"fp32","options":{},"items":[]}"""));
}

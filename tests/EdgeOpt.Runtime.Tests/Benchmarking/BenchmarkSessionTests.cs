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

public class BenchmarkSessionRoundsTests
{
    private static readonly BenchmarkOptions Quick = new()
    {
        WarmupRuns = 1,
        MinRuns = 3,
        MaxRuns = 10,
        TargetRelativeStandardError = 0.5,
        MaxSeconds = 5,
    };

    [Fact]
    public void Run_ThreeRounds_TimesTheWholeListOncePerRoundInRoundRobinOrder()
    {
        var built = new List<string>();
        BenchmarkItem Recorded(string arch) => new(arch, _ => { built.Add(arch); return TinyModels.MatMulRelu(); });
        var progress = new SyncProgress<BenchmarkItemProgress>(_ => { });

        var session = new BenchmarkSession(new BenchmarkRunner(), rounds: 3).Run(
            "nb201", "cpu", [Recorded("|a|"), Recorded("|b|"), Recorded("|c|")], Quick, "fp32", progress);

        Assert.Equal(["|a|", "|b|", "|c|", "|a|", "|b|", "|c|", "|a|", "|b|", "|c|"], built);
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2], progress.Reports.Select(r => r.Round));
        Assert.All(progress.Reports, r => Assert.Equal(3, r.Rounds));
        Assert.Equal(3, session.Rounds);
        var column = session.Table.Column("cpu");
        for (var i = 0; i < 3; i++)
        {
            var item = session.Items[i];
            Assert.Equal(3, item.RoundMediansMs!.Count);
            // Each round's median is the one reported for that item in that round.
            Assert.Equal(progress.Reports.Where(r => r.Index == i).Select(r => r.Result!.MedianMs), item.RoundMediansMs);
            Assert.Equal(RoundAggregate.Median(item.RoundMediansMs), column[i]);
            Assert.Equal(RoundAggregate.RelativeSpread(item.RoundMediansMs), item.RoundSpread);
            Assert.Contains(item.Result!.MedianMs, item.RoundMediansMs);
        }
        Assert.NotNull(session.RoundDrift);
    }

    [Fact]
    public void Run_ItemFailingInSecondRound_IsNotTriedAgainAndLeavesItsCellEmpty()
    {
        var calls = 0;
        var flaky = new BenchmarkItem("|flaky|", _ =>
        {
            calls++;
            return calls == 1 ? TinyModels.MatMulRelu() : throw new InvalidDataException("second build failed");
        });

        var session = new BenchmarkSession(new BenchmarkRunner(), rounds: 3).Run(
            "nb201", "cpu", [flaky, new BenchmarkItem("|ok|", _ => TinyModels.MatMulRelu())], Quick, "fp32");

        Assert.Equal(2, calls);
        Assert.Null(session.Table.Column("cpu")[0]);
        Assert.False(session.Items[0].Succeeded);
        Assert.Contains("second build failed", session.Items[0].Error);
        Assert.Single(session.Items[0].RoundMediansMs!);
        Assert.Null(session.Items[0].RoundSpread);
        Assert.Equal(3, session.Items[1].RoundMediansMs!.Count);
        Assert.Equal(1, session.Failed);
    }

    [Fact]
    public void Run_OneRound_KeepsTheSingleRunFigureAndNoDrift()
    {
        var session = new BenchmarkSession(new BenchmarkRunner()).Run(
            "nb201", "cpu", [new BenchmarkItem("|a|", _ => TinyModels.MatMulRelu())], Quick, "fp32");
        Assert.Equal(session.Items[0].Result!.MedianMs, session.Table.Column("cpu")[0]);
        Assert.Null(session.Items[0].RoundSpread);
        Assert.Null(session.RoundDrift);
        Assert.Equal(1, session.Rounds);
    }

    [Fact]
    public void Constructor_ZeroRounds_IsRejectedWithTheAllowedRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BenchmarkSession(new BenchmarkRunner(), rounds: 0));
        Assert.Contains(">= 1", ex.Message);
    }

    [Fact]
    public void Sidecar_RecordsRoundsAndRoundMedians_AndReadsOldSidecarsAsOneRound()
    {
        var session = new BenchmarkSession(new BenchmarkRunner(), rounds: 2).Run(
            "nb201", "cpu", [new BenchmarkItem("|a|", _ => TinyModels.MatMulRelu())], Quick, "fp32");
        var json = BenchmarkSidecar.From(session).ToJson();
        Assert.Contains("\"roundMediansMs\"", json);
        Assert.Contains("\"roundSpread\"", json);
        var back = BenchmarkSidecar.Parse(json);
        Assert.Equal(2, back.Rounds);
        Assert.Equal(session.Items[0].RoundMediansMs, back.Items[0].RoundMediansMs);

        var old = BenchmarkSidecar.Parse(
            """{"schema":"edgeopt.benchmark-sidecar/1","spaceId":"s","deviceColumn":"d","precision":"fp32","options":{},"items":[]}""");
        Assert.Equal(1, old.Rounds);
    }
}

public class RoundAggregateTests
{
    [Fact]
    public void Median_OddAndEvenCounts_AreTheMiddleAndTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(2.0, RoundAggregate.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, RoundAggregate.Median([4.0, 1.0, 2.0, 3.0]));
        Assert.Equal(7.0, RoundAggregate.Median([7.0]));
    }

    [Fact]
    public void RelativeSpread_IsRangeOverMedian_AndNullForOneRound()
    {
        Assert.Equal(0.2, RoundAggregate.RelativeSpread([9.0, 10.0, 11.0])!.Value, 12);
        Assert.Equal(0.0, RoundAggregate.RelativeSpread([5.0, 5.0])!.Value);
        Assert.Null(RoundAggregate.RelativeSpread([5.0]));
    }

    [Fact]
    public void Representative_IsTheRoundNearestTheMedian()
    {
        Assert.Equal(2, RoundAggregate.Representative([1.0, 9.0, 4.0]));
        Assert.Equal(0, RoundAggregate.Representative([2.0, 1.0, 3.0]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Median_NonPositiveOrNaNRound_NamesTheRound(double bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => RoundAggregate.Median([1.0, bad]));
        Assert.Contains("round 1", ex.Message);
    }

    [Fact]
    public void Order_IsEveryItemOncePerRound_RoundAfterRound()
    {
        Assert.Equal([(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)], RoundRobin.Order(2, 3).ToArray());
        Assert.Empty(RoundRobin.Order(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoundRobin.Order(2, 0).ToArray());
    }
}

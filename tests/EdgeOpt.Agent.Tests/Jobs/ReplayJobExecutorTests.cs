using EdgeOpt.Agent.Jobs;
using EdgeOpt.Agent.Tests.Support;
using EdgeOpt.Contracts.V1;
using EdgeOpt.Core.Datasets;

namespace EdgeOpt.Agent.Tests.Jobs;

public sealed class ReplayJobExecutorTests : IDisposable
{
    private const string Recorded = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
    private const string Unmeasured = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
    private const string Absent = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    private readonly TempTree _tree = new();
    private readonly string _csv;

    public ReplayJobExecutorTests()
    {
        _csv = _tree.Write("recording.csv",
            "arch,pixel3,jetson_nano\n" +
            $"{Unmeasured},3.60585,\n" +
            $"{Recorded},17.2381,41.5\n");
    }

    private static Job JobFor(string arch, string space = "nb201", params Precision[] precisions) => new()
    {
        Id = "job-7",
        DeviceId = "dev-1",
        Attempts = 2,
        Design = new Design { Space = space, Arch = arch, Precisions = { precisions } },
    };

    [Fact]
    public async Task Execute_RecordedArchitecture_ReturnsTheCellAsAReplayedSingleRun()
    {
        var executor = ReplayJobExecutor.Load(_csv, "nb201", "jetson_nano");

        var outcome = await executor.ExecuteAsync(JobFor(Recorded), CancellationToken.None);

        var m = Assert.IsType<Measurement>(outcome.Measurement);
        Assert.Equal(Provenance.Replayed, m.Provenance);
        Assert.Equal(41.5, m.Latency.MedianMs);
        Assert.Equal(41.5, m.Latency.P90Ms);
        Assert.Equal(41.5, m.Latency.MeanMs);
        Assert.Equal(0, m.Latency.StdevMs);
        Assert.Equal(1, m.Latency.Runs);
        Assert.Null(m.Energy);
        Assert.Equal("job-7", m.JobId);
        Assert.Equal("dev-1", m.DeviceId);
        Assert.Equal(Recorded, m.Design.Arch);
        Assert.Equal("jetson_nano", m.Context.Machine);
        Assert.Contains("recording.csv", m.Context.Runtime);
        Assert.Equal("replay", executor.Mode);
    }

    [Fact]
    public async Task Execute_ArchitectureNotInTheRecording_FailsNotRetryableNamingArchAndFile()
    {
        var executor = ReplayJobExecutor.Load(_csv, "nb201", "pixel3");

        var outcome = await executor.ExecuteAsync(JobFor(Absent), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Retryable);
        Assert.Contains(Absent, outcome.FailureReason);
        Assert.Contains("recording.csv", outcome.FailureReason);
    }

    [Fact]
    public async Task Execute_EmptyCell_FailsSayingNotMeasuredForThatDevice()
    {
        var executor = ReplayJobExecutor.Load(_csv, "nb201", "jetson_nano");

        var outcome = await executor.ExecuteAsync(JobFor(Unmeasured), CancellationToken.None);

        Assert.False(outcome.Retryable);
        Assert.Contains("empty cell", outcome.FailureReason);
        Assert.Contains("jetson_nano", outcome.FailureReason);
    }

    [Fact]
    public async Task Execute_OtherSpaceOrQuantizedOrMalformed_FailsWithTheReason()
    {
        var executor = ReplayJobExecutor.Load(_csv, "nb201", "pixel3");

        var otherSpace = await executor.ExecuteAsync(JobFor(Recorded, "fbnet"), CancellationToken.None);
        Assert.Contains("space is 'fbnet'", otherSpace.FailureReason);

        var int8 = await executor.ExecuteAsync(JobFor(Recorded, "nb201", Precision.Int8, Precision.Int8, Precision.Int8), CancellationToken.None);
        Assert.Contains("fp32", int8.FailureReason);

        var malformed = await executor.ExecuteAsync(JobFor("|conv~0|"), CancellationToken.None);
        Assert.Contains("job.design.arch", malformed.FailureReason);
        Assert.False(malformed.Retryable);
    }

    [Fact]
    public void Load_UnknownDeviceColumn_ThrowsListingTheColumns()
    {
        var error = Assert.Throws<ArgumentException>(() => ReplayJobExecutor.Load(_csv, "nb201", "pixel4"));
        Assert.Contains("pixel4", error.Message);
        Assert.Contains("pixel3, jetson_nano", error.Message);
    }

    [Fact]
    public async Task Execute_WithDelay_TakesAtLeastTheDelayAndHonoursCancellation()
    {
        var executor = ReplayJobExecutor.Load(_csv, "nb201", "pixel3", TimeSpan.FromMilliseconds(150));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await executor.ExecuteAsync(JobFor(Recorded), CancellationToken.None);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(140), $"took {clock.Elapsed}");

        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        var slow = ReplayJobExecutor.Load(_csv, "nb201", "pixel3", TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.ExecuteAsync(JobFor(Recorded), cancelled.Token));
    }

    [SharedDataFact("nb201/latency.csv")]
    public async Task Execute_SharedRecording_ReturnsTheCellOfTheChosenColumn()
    {
        var path = SharedData.PathOf("nb201/latency.csv");
        var table = MeasurementCsv.Load(path, "nb201");
        var row = table.MeasuredRows("pixel3")[123];
        var arch = table.Architectures[row];
        var executor = ReplayJobExecutor.Load(path, "nb201", "pixel3");

        var outcome = await executor.ExecuteAsync(JobFor(arch), CancellationToken.None);

        Assert.Equal(table[row, "pixel3"], outcome.Measurement!.Latency.MedianMs);
        Assert.Equal(Provenance.Replayed, outcome.Measurement.Provenance);
    }

    public void Dispose() => _tree.Dispose();
}

using System.Diagnostics;
using EdgeOpt.Runtime.Benchmarking;
using EdgeOpt.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EdgeOpt.Runtime.Tests.Benchmarking;

public class BenchmarkRunnerTests
{
    private static readonly BenchmarkOptions Quick = new()
    {
        WarmupRuns = 3,
        MinRuns = 5,
        MaxRuns = 60,
        TargetRelativeStandardError = 0.05,
        MaxSeconds = 20,
    };

    [Fact]
    public void Run_TinyModel_StatisticsAreConsistent()
    {
        var result = new BenchmarkRunner().Run(TinyModels.MatMulRelu(), Quick, "fp32");

        Assert.InRange(result.Runs, Quick.MinRuns, Quick.MaxRuns);
        Assert.InRange(result.MedianMs, result.MinMs, result.MaxMs);
        Assert.InRange(result.MeanMs, result.MinMs, result.MaxMs);
        Assert.InRange(result.P90Ms, result.MedianMs, result.MaxMs);
        Assert.True(result.MinMs > 0);
        Assert.True(result.StandardDeviationMs >= 0);
        Assert.InRange(result.RejectedOutliers, 0, result.Runs - 2);
        Assert.Equal(result.Runs - result.RejectedOutliers, result.KeptRuns);
        Assert.Equal(3, result.WarmupRuns);
        var expectedRse = result.StandardDeviationMs / Math.Sqrt(result.KeptRuns) / result.MeanMs;
        Assert.Equal(expectedRse, result.RelativeStandardError, 9);
        if (result.StopReason == StopReason.Converged) Assert.True(result.RelativeStandardError <= 0.05 + 1e-12);
    }

    [Fact]
    public void Run_RecordsProvenance()
    {
        var options = Quick with { IntraOpThreads = 2, InterOpThreads = 1, BatchSize = 3, GraphOptimization = GraphOptimization.Basic };
        var before = DateTimeOffset.UtcNow;
        var p = new BenchmarkRunner().Run(TinyModels.MatMulRelu(), options, "int8").Provenance;

        Assert.Equal(Environment.MachineName, p.MachineName);
        Assert.Equal(Environment.ProcessorCount, p.LogicalCores);
        Assert.False(string.IsNullOrWhiteSpace(p.OperatingSystem));
        Assert.StartsWith("1.", p.OrtVersion);
        Assert.Equal("Microsoft.ML.OnnxRuntime", p.OrtPackage);
        Assert.Equal("cpu", p.RequestedExecutionProvider);
        Assert.Equal("cpu", p.ExecutionProvider);
        Assert.Equal(2, p.IntraOpThreads);
        Assert.Equal(1, p.InterOpThreads);
        Assert.Equal("Basic", p.GraphOptimization);
        Assert.Equal(3, p.BatchSize);
        Assert.Equal("int8", p.Precision);
        Assert.InRange(p.TimestampUtc, before, DateTimeOffset.UtcNow);
        Assert.Equal(TimeSpan.Zero, p.TimestampUtc.Offset);
        if (File.Exists("/proc/cpuinfo")) Assert.False(string.IsNullOrWhiteSpace(p.CpuModel));
    }

    [Fact]
    public void Run_HugeTarget_StopsAsSoonAsMinRunsAreDone()
    {
        var options = Quick with { MinRuns = 7, MaxRuns = 500, TargetRelativeStandardError = 1e9 };
        var result = new BenchmarkRunner().Run(TinyModels.MatMulRelu(), options, "fp32");
        Assert.Equal(7, result.Runs);
        Assert.Equal(StopReason.Converged, result.StopReason);
    }

    [Fact]
    public void Run_ZeroTarget_RunsUntilMaxRuns()
    {
        var options = Quick with { MinRuns = 5, MaxRuns = 40, TargetRelativeStandardError = 0 };
        var result = new BenchmarkRunner().Run(TinyModels.MatMulRelu(), options, "fp32");
        Assert.Equal(40, result.Runs);
        Assert.Equal(StopReason.MaxRuns, result.StopReason);
    }

    [Fact]
    public void Run_TimeCap_EndsWarmupAndTimingRoughlyOnTime()
    {
        var options = new BenchmarkOptions
        {
            WarmupRuns = 1_000_000_000,
            MinRuns = 5,
            MaxRuns = int.MaxValue,
            TargetRelativeStandardError = 0,
            MaxSeconds = 0.4,
        };
        var watch = Stopwatch.StartNew();
        var result = new BenchmarkRunner().Run(TinyModels.MatMulRelu(), options, "fp32");
        watch.Stop();

        Assert.Equal(StopReason.TimeLimit, result.StopReason);
        Assert.True(result.WarmupRuns < options.WarmupRuns);
        Assert.True(result.Runs >= 2);
        // The cap stops the loop: the run lasts at least the cap and nowhere near the billion warm-ups asked for.
        Assert.True(result.Elapsed.TotalSeconds >= 0.4, $"stopped after {result.Elapsed.TotalSeconds:F2} s");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the whole call took {watch.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void Run_AlreadyCancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(
            () => new BenchmarkRunner().Run(TinyModels.MatMulRelu(), Quick, "fp32", null, cts.Token));
    }

    [Fact]
    public void Run_CancelledWhileTiming_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<BenchmarkProgress>(p =>
        {
            if (p.Phase == BenchmarkPhase.Measuring) cts.Cancel();
        });
        var options = Quick with { MaxRuns = int.MaxValue, TargetRelativeStandardError = 0, MaxSeconds = 30 };
        var watch = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(
            () => new BenchmarkRunner().Run(TinyModels.MatMulRelu(), options, "fp32", progress, cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(progress.Reports, r => r.Phase == BenchmarkPhase.Finished);
    }

    [Fact]
    public void Run_Progress_GoesFromWarmupThroughMeasuringToFinished()
    {
        var progress = new SyncProgress<BenchmarkProgress>(_ => { });
        var options = Quick with { MinRuns = 10, MaxRuns = 10 };
        var result = new BenchmarkRunner().Run(TinyModels.MatMulRelu(), options, "fp32", progress);

        Assert.Equal(BenchmarkPhase.Warmup, progress.Reports[0].Phase);
        Assert.Contains(progress.Reports, r => r.Phase == BenchmarkPhase.Measuring);
        var last = progress.Reports[^1];
        Assert.Equal(BenchmarkPhase.Finished, last.Phase);
        Assert.Equal(result.Runs, last.Completed);
        Assert.Equal(result.RelativeStandardError, last.RelativeStandardError);
    }

    [CpuBuildFact]
    public void Run_CudaOnCpuOnlyBuild_FallsBackToCpuAndLogsOnce()
    {
        var logger = new ListLogger();
        var runner = new BenchmarkRunner(logger);
        var options = Quick with { ExecutionProvider = "cuda" };

        var first = runner.Run(TinyModels.MatMulRelu(), options, "fp32");
        var second = runner.Run(TinyModels.MatMulRelu(seed: 2), options, "fp32");

        Assert.Equal("cpu", first.Provenance.ExecutionProvider);
        Assert.Equal("cuda", first.Provenance.RequestedExecutionProvider);
        Assert.Equal("cpu", second.Provenance.ExecutionProvider);
        Assert.NotNull(runner.CudaUnavailableReason);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("'cuda'", entry.Message);
        Assert.Contains("'cpu'", entry.Message);
        Assert.DoesNotContain('\n', entry.Message);
    }

    [Fact]
    public void Run_InvalidModelWithCuda_ReportsTheModelErrorAndKeepsCuda()
    {
        var logger = new ListLogger();
        var runner = new BenchmarkRunner(logger);
        Assert.Throws<OnnxRuntimeException>(
            () => runner.Run([1, 2, 3, 4], Quick with { ExecutionProvider = "cuda" }, "fp32"));
        Assert.Empty(logger.Entries);
        Assert.Null(runner.CudaUnavailableReason);
    }

    [Fact]
    public void Prepare_DynamicBatch_UsesBatchSizeAndPreallocatesOutputs()
    {
        var runner = new BenchmarkRunner();
        using var prepared = runner.Prepare(TinyModels.MatMulRelu(features: 16), Quick with { BatchSize = 4 });
        Assert.Equal([4L, 16L], prepared.InputShapes["x"]);
        Assert.Equal("cpu", prepared.ExecutionProvider);

        var first = runner.Measure(prepared, "fp32");
        var second = runner.Measure(prepared, "fp32");
        Assert.True(prepared.OutputsPreallocated);
        Assert.True(first.Runs >= Quick.MinRuns && second.Runs >= Quick.MinRuns);
    }

    [Fact]
    public void Prepare_FixedBatchDifferentFromBatchSize_NamesInputAndBothSizes()
    {
        var ex = Assert.Throws<NotSupportedException>(
            () => new BenchmarkRunner().Prepare(TinyModels.MatMulRelu(fixedBatch: 1), Quick with { BatchSize = 8 }));
        Assert.Contains("'x'", ex.Message);
        Assert.Contains("1", ex.Message);
        Assert.Contains("BatchSize is 8", ex.Message);
    }

    [Fact]
    public void Prepare_DynamicNonBatchDimension_NamesInputDimensionAndSymbol()
    {
        var ex = Assert.Throws<NotSupportedException>(() => new BenchmarkRunner().Prepare(TinyModels.DynamicWidth(), Quick));
        Assert.Contains("'x'", ex.Message);
        Assert.Contains("dimension 1", ex.Message);
        Assert.Contains("'width'", ex.Message);
    }

    [Theory]
    [InlineData("tpu", "ExecutionProvider", "cpu, cuda")]
    [InlineData("cpu", "MinRuns", ">= 2")]
    public void Validate_BadSetting_NamesItAndTheAllowedValues(string provider, string setting, string allowed)
    {
        var options = Quick with { ExecutionProvider = provider, MinRuns = setting == "MinRuns" ? 1 : 5 };
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(setting, ex.Message);
        Assert.Contains(allowed, ex.Message);
    }

    [Fact]
    public void Validate_MaxRunsBelowMinRuns_Throws() =>
        Assert.Throws<ArgumentException>((Quick with { MinRuns = 10, MaxRuns = 5 }).Validate);
}

public class BenchmarkRunnerCancellationTests
{
    [Fact]
    public void Measure_CancelledDuringALongRun_AbortsThatRun()
    {
        var runner = new BenchmarkRunner();
        // Each run multiplies [1024 x 1024] by [1024 x 1024] 24 times (~52 GFLOP, about a second on one
        // thread), so the cancellation at 150 ms lands inside the first run and must interrupt it.
        var options = new BenchmarkOptions { WarmupRuns = 0, BatchSize = 1024, MaxSeconds = 120 };
        using var prepared = runner.Prepare(TinyModels.Heavy(1024, 24), options);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));

        var watch = Stopwatch.StartNew();
        var ex = Assert.ThrowsAny<OperationCanceledException>(() => runner.Measure(prepared, "fp32", null, cts.Token));
        watch.Stop();
        Assert.Contains("during a run", ex.Message);
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {watch.Elapsed.TotalSeconds:F2} s");
    }
}

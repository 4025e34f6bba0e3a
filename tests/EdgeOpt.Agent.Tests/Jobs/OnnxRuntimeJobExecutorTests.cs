using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Jobs;
using EdgeOpt.Agent.Tests.Support;
using EdgeOpt.Contracts.V1;
using EdgeOpt.Runtime.Benchmarking;
using Google.Protobuf;

namespace EdgeOpt.Agent.Tests.Jobs;

public sealed class OnnxRuntimeJobExecutorTests
{
    private const string Arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    private static BenchmarkSettings Tiny(bool energy = false) => new()
    {
        WarmupRuns = 1,
        MinRuns = 3,
        MaxRuns = 5,
        MaxSeconds = 5,
        IntraOpThreads = 1,
        MeasureEnergy = energy,
    };

    private static Job JobFor(string arch, BenchmarkSettings settings, params Precision[] precisions) => new()
    {
        Id = "job-1",
        DeviceId = "dev-1",
        Design = new Design { Space = "nb201", Arch = arch, Precisions = { precisions } },
        Settings = settings,
    };

    [Fact]
    public async Task Execute_GeneratedNb201Design_MeasuredWithPlausibleStatsAndNoEnergyWithoutAMeter()
    {
        var executor = new OnnxRuntimeJobExecutor(new BenchmarkRunner());

        var outcome = await executor.ExecuteAsync(JobFor(Arch, Tiny(energy: true)), CancellationToken.None);

        var m = Assert.IsType<Measurement>(outcome.Measurement);
        Assert.Equal(Provenance.Measured, m.Provenance);
        Assert.InRange(m.Latency.MedianMs, 0.001, 10_000);
        Assert.True(m.Latency.P90Ms >= m.Latency.MedianMs);
        Assert.InRange(m.Latency.Runs, 3, 5);
        Assert.True(m.Latency.StdevMs >= 0);
        Assert.Null(m.Energy);
        Assert.StartsWith("onnxruntime ", m.Context.Runtime);
        Assert.Equal("cpu", m.Context.ExecutionProvider);
        Assert.Equal(1, m.Context.IntraOpThreads);
        Assert.Equal(1, m.Context.BatchSize);
        Assert.Equal("All", m.Context.GraphOptimization);
        Assert.Equal(Environment.MachineName, m.Context.Machine);
        Assert.Equal(Arch, m.Design.Arch);
        Assert.Equal("job-1", m.JobId);
        Assert.True(m.MeasuredUnixMs > 0);
    }

    [Fact]
    public async Task Execute_Int8Design_GeneratesACalibratedModelAndMeasuresIt()
    {
        var executor = new OnnxRuntimeJobExecutor(new BenchmarkRunner());

        var outcome = await executor.ExecuteAsync(
            JobFor(Arch, Tiny(), Precision.Fp32, Precision.Int8, Precision.Int8), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Equal(3, outcome.Measurement!.Design.Precisions.Count);
    }

    [Fact]
    public async Task Execute_WithAMeter_ReportsEnergyPerRunFromTheMeter()
    {
        const double watts = 6;
        var windows = new EnergyWindows(TimeSpan.FromMilliseconds(300), 1, TimeSpan.FromMilliseconds(150), 1);
        var meter = new ConstantPowerMeter(watts);
        var executor = new OnnxRuntimeJobExecutor(new BenchmarkRunner(), new OnnxRuntimeJobExecutor.Settings(Windows: windows), meter);

        var outcome = await executor.ExecuteAsync(JobFor(Arch, Tiny(energy: true)), CancellationToken.None);

        var energy = Assert.IsType<EnergyStats>(outcome.Measurement!.Energy);
        Assert.Equal("constant", energy.Meter);
        Assert.Equal(watts, energy.IdlePowerW, 1);
        // Constant power: the busy window draws what idle does, so the dynamic part is about zero, and the total
        // per run is power times the time of one run: above zero and below the 300 ms window.
        Assert.InRange(energy.DynamicMj, -0.05 * energy.TotalMj, 0.05 * energy.TotalMj);
        var perRunMs = energy.TotalMj / watts;
        Assert.InRange(perRunMs, 0.01, 300);
        Assert.True(energy.Samples >= 2);
        // The idle figure's evidence: how many idle windows it took and the agent's own CPU in the one kept.
        Assert.InRange(energy.IdleAttempts, 1, QuietIdleWindow.MaxAttempts);
        Assert.InRange(energy.IdleProcessCpuSeconds, 0, energy.IdleSeconds * 2);
    }

    [Fact]
    public async Task Execute_MeterFails_ReportsTheLatencyWithEnergyAbsentAndLogsWhy()
    {
        var logger = new ListLogger();
        var executor = new OnnxRuntimeJobExecutor(new BenchmarkRunner(), meter: new BrokenMeter(), logger: logger);

        var outcome = await executor.ExecuteAsync(JobFor(Arch, Tiny(energy: true)), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Null(outcome.Measurement!.Energy);
        Assert.Contains(logger.Entries, e => e.Message.Contains("energy measurement with broken:rail failed (counter unreadable)"));
    }

    private sealed class BrokenMeter : IEnergyMeter
    {
        public string Name => "broken";
        public string Rail => "rail";
        public TimeSpan SamplingPeriod => TimeSpan.FromMilliseconds(10);
        public double ReadJoules() => throw new EnergyMeterException("counter unreadable");
        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Execute_JobCarriesOnnxBytes_RunsThoseBytes()
    {
        var model = EdgeOpt.Core.Onnx.OnnxModelGenerator.Generate(
            new EdgeOpt.Core.Spaces.Design(EdgeOpt.Core.Spaces.SearchSpaces.Nb201.Parse(Arch),
                EdgeOpt.Core.Spaces.QuantizationPolicy.Uniform(3, EdgeOpt.Core.Spaces.Precision.Fp32)));
        var job = new Job { Id = "job-2", OnnxModel = ByteString.CopyFrom(model), Settings = Tiny() };

        var outcome = await new OnnxRuntimeJobExecutor(new BenchmarkRunner()).ExecuteAsync(job, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Null(outcome.Measurement!.Design);
    }

    [Fact]
    public async Task Execute_BytesThatAreNoModel_FailsNotRetryableSayingItFailedToLoad()
    {
        var job = new Job { Id = "job-3", OnnxModel = ByteString.CopyFromUtf8("not an onnx model"), Settings = Tiny() };

        var outcome = await new OnnxRuntimeJobExecutor(new BenchmarkRunner()).ExecuteAsync(job, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Retryable);
        Assert.Contains("failed to load", outcome.FailureReason);
    }

    [Fact]
    public async Task Execute_BadDesignOrSettings_FailsNamingTheField()
    {
        var executor = new OnnxRuntimeJobExecutor(new BenchmarkRunner());

        var space = await executor.ExecuteAsync(new Job { Id = "a", Design = new Design { Space = "mobilenet", Arch = Arch } }, CancellationToken.None);
        Assert.Contains("job.design.space 'mobilenet'", space.FailureReason);

        var slots = await executor.ExecuteAsync(JobFor(Arch, Tiny(), Precision.Int8), CancellationToken.None);
        Assert.Contains("job.design.precisions has 1 entries", slots.FailureReason);

        var settings = await executor.ExecuteAsync(JobFor(Arch, new BenchmarkSettings { MinRuns = 1 }), CancellationToken.None);
        Assert.Contains("job.settings", settings.FailureReason);
        Assert.Contains("MinRuns", settings.FailureReason);
    }

    [Fact]
    public async Task Execute_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new OnnxRuntimeJobExecutor(new BenchmarkRunner()).ExecuteAsync(JobFor(Arch, Tiny()), cancelled.Token));
    }
}

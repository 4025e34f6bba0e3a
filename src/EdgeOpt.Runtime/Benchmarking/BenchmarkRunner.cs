using System.Diagnostics;
using EdgeOpt.Core.Statistics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// Measures the latency of ONNX models with ONNX Runtime. <see cref="Prepare"/> builds the session and the
/// seeded random inputs (not timed); <see cref="Measure"/> warms up and then times <c>session.Run</c> with a
/// <see cref="Stopwatch"/> around each call, reusing preallocated inputs and outputs, until the stopping rule
/// of <see cref="BenchmarkOptions"/> holds. Outlying runs are rejected with Tukey's fences before the
/// statistics are computed. With the cuda provider the timed call includes the host-device copies of inputs
/// and outputs, as an application would see them.
/// </summary>
/// <remarks>
/// When CUDA cannot be used (no GPU build, no driver, no device) the runner falls back to the CPU provider,
/// logs one warning, and from then on uses the CPU for every cuda request without trying again.
/// </remarks>
public sealed class BenchmarkRunner
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    private readonly ILogger _logger;
    private string? _cudaUnavailable;
    private int _fallbackLogged;

    public BenchmarkRunner(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Version of the ONNX Runtime native library in use.</summary>
    public static string OrtVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>The ONNX Runtime package this build links (CPU by default, GPU with -p:EdgeOptGpu=true).</summary>
    public static string OrtPackage =>
#if EDGEOPT_GPU
        "Microsoft.ML.OnnxRuntime.Gpu";
#else
        "Microsoft.ML.OnnxRuntime";
#endif

    /// <summary>Why CUDA was given up, or null while it has not failed for this runner.</summary>
    public string? CudaUnavailableReason => Volatile.Read(ref _cudaUnavailable);

    /// <summary>Prepares and measures one model, then releases it.</summary>
    /// <param name="model">The serialized ONNX model.</param>
    /// <param name="options">How to measure.</param>
    /// <param name="precisionLabel">Precision recorded in the provenance, e.g. "fp32".</param>
    /// <param name="progress">Progress of warm-up and timed runs.</param>
    /// <param name="cancellationToken">Checked between runs; also aborts a run in progress.</param>
    public BenchmarkResult Run(
        byte[] model,
        BenchmarkOptions options,
        string precisionLabel,
        IProgress<BenchmarkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(precisionLabel);
        using var prepared = Prepare(model, options, cancellationToken);
        return Measure(prepared, precisionLabel, progress, cancellationToken);
    }

    /// <summary>Creates the session on the requested provider (or the CPU fallback) and the random inputs.</summary>
    public PreparedModel Prepare(byte[] model, BenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (model.Length == 0) throw new ArgumentException("the model is empty (0 bytes)", nameof(model));
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var (sessionOptions, session, provider) = CreateSession(model, options);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (names, values, shapes) = RandomInputs.Create(session, options.BatchSize, options.InputSeed);
            return new PreparedModel(sessionOptions, session, options, provider, names, values, shapes);
        }
        catch
        {
            session.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>Warms up and times a prepared model.</summary>
    public BenchmarkResult Measure(
        PreparedModel model,
        string precisionLabel,
        IProgress<BenchmarkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(precisionLabel);
        cancellationToken.ThrowIfCancellationRequested();
        var options = model.Options;

        using var runOptions = new RunOptions();
        using var abort = cancellationToken.Register(() => runOptions.Terminate = true);
        var clock = Stopwatch.StartNew();
        var cap = double.IsPositiveInfinity(options.MaxSeconds) ? TimeSpan.MaxValue : TimeSpan.FromSeconds(options.MaxSeconds);
        var reporter = new ProgressReporter(progress, clock);

        // Warm-up. The first run also sizes the preallocated outputs, so at least one is always made.
        var warmups = 0;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            Guarded(() => model.Probe(runOptions), cancellationToken);
            warmups++;
            reporter.Report(BenchmarkPhase.Warmup, warmups, Math.Max(1, options.WarmupRuns), null);
        } while (warmups < options.WarmupRuns && clock.Elapsed < cap);

        // Timed runs.
        var samples = new List<double>(Math.Min(options.MaxRuns, 4096));
        var msPerTick = 1000.0 / Stopwatch.Frequency;
        double? rse = null;
        var lastCheck = 0;
        StopReason reason;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            try
            {
                model.Run(runOptions);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("the benchmark was cancelled during a run", cancellationToken);
            }
            var end = Stopwatch.GetTimestamp();
            samples.Add((end - start) * msPerTick);

            var n = samples.Count;
            // Re-check the rule after every run at first, then every n/50 runs: its cost grows with n.
            if (n >= options.MinRuns && (n - lastCheck >= Math.Max(1, n / 50) || n >= options.MaxRuns))
            {
                lastCheck = n;
                rse = KeptRelativeStandardError(samples, options.OutlierFenceFactor);
                if (rse <= options.TargetRelativeStandardError) { reason = StopReason.Converged; break; }
            }
            if (n >= options.MaxRuns) { reason = StopReason.MaxRuns; break; }
            if (n >= 2 && clock.Elapsed >= cap) { reason = StopReason.TimeLimit; break; }
            reporter.Report(BenchmarkPhase.Measuring, n, options.MaxRuns, rse);
        }
        clock.Stop();

        var split = OutlierRejection.TukeyFences(samples, options.OutlierFenceFactor);
        var summary = SampleSummary.Of(split.Kept);
        reporter.Report(BenchmarkPhase.Finished, samples.Count, options.MaxRuns, summary.RelativeStandardError, force: true);

        return new BenchmarkResult(
            summary.Median,
            summary.P90,
            summary.Mean,
            summary.StandardDeviation,
            summary.Min,
            summary.Max,
            samples.Count,
            split.Rejected.Count,
            warmups,
            summary.RelativeStandardError,
            reason,
            clock.Elapsed,
            Provenance(model, precisionLabel));
    }

    private static double KeptRelativeStandardError(List<double> samples, double fenceFactor)
    {
        var kept = OutlierRejection.TukeyFences(samples, fenceFactor).Kept;
        return kept.Count >= 2 ? Descriptive.RelativeStandardError(kept) : double.PositiveInfinity;
    }

    private static void Guarded(Action run, CancellationToken cancellationToken)
    {
        try
        {
            run();
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the benchmark was cancelled during a run", cancellationToken);
        }
    }

    private static BenchmarkProvenance Provenance(PreparedModel model, string precisionLabel)
    {
        var o = model.Options;
        return new BenchmarkProvenance(
            Environment.MachineName,
            MachineInfo.CpuModel,
            Environment.ProcessorCount,
            MachineInfo.OperatingSystem,
            MachineInfo.Dotnet,
            OrtVersion,
            OrtPackage,
            o.ExecutionProvider,
            model.ExecutionProvider,
            o.IntraOpThreads,
            o.InterOpThreads,
            o.GraphOptimization.ToString(),
            o.BatchSize,
            precisionLabel,
            DateTimeOffset.UtcNow);
    }

    private (OrtSessionOptions Options, InferenceSession Session, string Provider) CreateSession(
        byte[] model, BenchmarkOptions options)
    {
        if (options.ExecutionProvider == ExecutionProviders.Cuda && CudaUnavailableReason is null)
        {
            try
            {
                var (so, session) = CreateSession(model, options, cuda: true);
                return (so, session, ExecutionProviders.Cuda);
            }
            catch (Exception cudaError) when (cudaError is not OperationCanceledException)
            {
                // Blame CUDA only if the same model loads on the CPU; otherwise the CPU error is the model's.
                var (so, session) = CreateSession(model, options, cuda: false);
                GiveUpCuda(cudaError);
                return (so, session, ExecutionProviders.Cpu);
            }
        }
        var (cpuOptions, cpuSession) = CreateSession(model, options, cuda: false);
        return (cpuOptions, cpuSession, ExecutionProviders.Cpu);
    }

    private static (OrtSessionOptions, InferenceSession) CreateSession(byte[] model, BenchmarkOptions options, bool cuda)
    {
        var so = new OrtSessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            ExecutionMode = options.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = options.GraphOptimization switch
            {
                GraphOptimization.None => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            if (cuda) so.AppendExecutionProvider_CUDA(options.DeviceId);
            return (so, new InferenceSession(model, so));
        }
        catch
        {
            so.Dispose();
            throw;
        }
    }

    private void GiveUpCuda(Exception error)
    {
        var reason = error.Message.Split('\n', 2)[0].Trim();
        if (reason.Length == 0) reason = error.GetType().Name;
        Interlocked.CompareExchange(ref _cudaUnavailable, reason, null);
        if (Interlocked.Exchange(ref _fallbackLogged, 1) == 0)
        {
            _logger.LogWarning(
                "Execution provider 'cuda' is unavailable ({Reason}); benchmarking on 'cpu' instead for this runner",
                reason);
        }
    }

    /// <summary>Reports the first event of each phase, then at most every 100 ms, plus forced reports.</summary>
    private sealed class ProgressReporter(IProgress<BenchmarkProgress>? progress, Stopwatch clock)
    {
        private BenchmarkPhase? _phase;
        private TimeSpan _last;

        public void Report(BenchmarkPhase phase, int completed, int planned, double? rse, bool force = false)
        {
            if (progress is null) return;
            var now = clock.Elapsed;
            if (!force && phase == _phase && now - _last < ProgressInterval) return;
            _phase = phase;
            _last = now;
            progress.Report(new BenchmarkProgress(phase, completed, planned, rse, now));
        }
    }
}

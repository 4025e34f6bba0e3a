using System.Diagnostics;
using EdgeOpt.Agent.Energy;
using EdgeOpt.Contracts.V1;
using EdgeOpt.Core.Onnx;
using EdgeOpt.Runtime.Benchmarking;
using EdgeOpt.Runtime.Calibration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CoreDesign = EdgeOpt.Core.Spaces.Design;
using CorePrecision = EdgeOpt.Core.Spaces.Precision;

namespace EdgeOpt.Agent.Jobs;

/// <summary>
/// Measures jobs on this device with ONNX Runtime through the shared <see cref="BenchmarkRunner"/>: the job's
/// ONNX model when it carries one, else the design's model generated here (seeded weights; int8 slots
/// calibrated with ONNX Runtime). With <c>settings.measure_energy</c> and a meter, the model then runs back to
/// back for an energy window after an idle window (see <see cref="EnergyWindows"/>, <see cref="QuietIdleWindow"/>); without a meter the
/// measurement's energy stays absent.
/// </summary>
/// <remarks>
/// A job is timed in one block (one round). <c>edgeopt bench --rounds R</c> times a whole list R times round-robin so
/// that a slow drift of the machine hits every model alike; a job holds one model, and R blocks of it within the job,
/// seconds apart, would share the same drift, so the executor does not repeat them. On a fleet the same protection
/// comes from submitting the list again later (a second job per design, hours apart) and taking the median.
/// </remarks>
public sealed class OnnxRuntimeJobExecutor : IJobExecutor
{
    private readonly BenchmarkRunner _runner;
    private readonly Settings _settings;
    private readonly IEnergyMeter? _meter;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly OnnxRuntimeCalibrator _calibrator = new();
    private readonly QuietIdleWindow _idleWindow;

    /// <summary>Where models run and how energy is measured.</summary>
    /// <param name="ExecutionProvider">"cpu" or "cuda" (the runner falls back to cpu, logged, when CUDA cannot be used).</param>
    /// <param name="DeviceId">CUDA device ordinal.</param>
    /// <param name="GenerationSeed">Seed of the generated models' weights.</param>
    /// <param name="Windows">Energy windows; null = <see cref="EnergyWindows.Default"/>.</param>
    public sealed record Settings(
        string ExecutionProvider = ExecutionProviders.Cpu,
        int DeviceId = 0,
        int GenerationSeed = 0,
        EnergyWindows? Windows = null);

    public OnnxRuntimeJobExecutor(
        BenchmarkRunner runner, Settings? settings = null, IEnergyMeter? meter = null, ILogger? logger = null, TimeProvider? time = null)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _settings = settings ?? new Settings();
        if (!ExecutionProviders.All.Contains(_settings.ExecutionProvider))
            throw new ArgumentException(
                $"execution provider '{_settings.ExecutionProvider}' is unknown; allowed: {string.Join(", ", ExecutionProviders.All)}", nameof(settings));
        _meter = meter;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _idleWindow = new QuietIdleWindow(time: _time);
    }

    public string Mode => "measure";

    /// <summary>The meter energy is read from, or null when this device has none.</summary>
    public IEnergyMeter? Meter => _meter;

    public Task<JobOutcome> ExecuteAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        // The runner is synchronous and keeps a core busy: give it its own thread.
        return Task.Factory.StartNew(
            () => Execute(job, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private JobOutcome Execute(Job job, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var options = BenchmarkSettingsMapping.TryMap(job.Settings, _settings.ExecutionProvider, _settings.DeviceId, out var settingsError);
        if (options is null) return JobOutcome.Failed(settingsError!, retryable: false);

        byte[] model;
        string precision;
        if (!job.OnnxModel.IsEmpty)
        {
            model = job.OnnxModel.ToByteArray();
            precision = job.Design is { } given && DesignMapping.TryToCore(given, out _) is { } described
                ? described.Policy.ToString()
                : "model";
        }
        else
        {
            var design = DesignMapping.TryToCore(job.Design, out var designError);
            if (design is null) return JobOutcome.Failed(designError!, retryable: false);
            precision = design.Policy.ToString();
            try
            {
                model = Generate(design, options.BatchSize);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return JobOutcome.Failed(
                    $"could not generate the ONNX model of {design.SpaceId} '{job.Design!.Arch}' ({precision}): {e.Message}", retryable: false);
            }
        }

        PreparedModel prepared;
        try
        {
            prepared = _runner.Prepare(model, options, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return JobOutcome.Failed($"the model failed to load in ONNX Runtime ({options.ExecutionProvider}): {FirstLine(e)}", retryable: false);
        }

        BenchmarkResult result;
        using (prepared)
        {
            try
            {
                result = _runner.Measure(prepared, precision, progress: null, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return JobOutcome.Failed($"the model failed to run in ONNX Runtime ({prepared.ExecutionProvider}): {FirstLine(e)}", retryable: false);
            }
        }

        EnergyStats? energy = null;
        if (job.Settings?.MeasureEnergy == true)
        {
            if (_meter is null)
                _logger.LogDebug("Job {JobId} asks for energy but this device has no energy meter; energy is left absent", job.Id);
            else
                energy = MeasureEnergy(job, model, options, _meter, cancellationToken);
        }

        return JobOutcome.Measured(ToMeasurement(job, result, energy));
    }

    private byte[] Generate(CoreDesign design, int batchSize)
    {
        var needsCalibration = design.Policy.Slots.Contains(CorePrecision.Int8);
        var generation = new OnnxGenerationOptions(
            Seed: _settings.GenerationSeed, BatchSize: batchSize, Calibrator: needsCalibration ? _calibrator : null);
        return OnnxModelGenerator.Generate(design, generation);
    }

    /// <summary>
    /// Idle window first, before the model is even loaded (<see cref="QuietIdleWindow"/>: settled after the latency
    /// runs, and measured again when the agent's own CPU work fell in it), then the model back to back for the active
    /// window (extended while the meter was read fewer than the window's periods), with the meter sampled throughout. A meter that fails to read leaves the energy absent (logged); the
    /// latency still counts.
    /// </summary>
    /// <summary>How many extra active windows a job may run when the meter was read too few times in the first.</summary>
    private const int MaxActiveExtensions = 2;

    private EnergyStats? MeasureEnergy(Job job, byte[] model, BenchmarkOptions latencyOptions, IEnergyMeter meter, CancellationToken cancellationToken)
    {
        var windows = _settings.Windows ?? EnergyWindows.Default;
        var active = windows.Active(meter);
        var continuous = latencyOptions with
        {
            WarmupRuns = 1,
            MinRuns = 2,
            MaxRuns = int.MaxValue,
            TargetRelativeStandardError = 0,
            MaxSeconds = active.TotalSeconds,
        };
        try
        {
            // Session creation (and the latency runs before it) is this process's own CPU work: the idle window is
            // measured before it, after a settle, and checked against the process's CPU time.
            var idle = _idleWindow.Measure(meter, windows.Idle(meter), cancellationToken, minimumReadings: windows.IdlePeriods);
            if (!idle.Quiet)
                _logger.LogWarning(
                    "Job {JobId}: the agent used {Cpu:P0} of a core in each of {Attempts} idle windows; the quietest one gives the idle power",
                    job.Id, idle.CpuFraction, idle.Attempts);

            using var prepared = _runner.Prepare(model, continuous, cancellationToken);
            EnergyReading busy;
            long inferences = 0;
            using (var recording = EnergyRecording.Start(meter, _time))
            {
                // A starved sampler (a loaded machine) can read the meter fewer times than the window asks for: the
                // model keeps running, one more window at a time, until it has, up to MaxActiveExtensions more windows.
                for (var window = 0; ; window++)
                {
                    var runs = _runner.Measure(prepared, "energy", progress: null, cancellationToken);
                    inferences += runs.WarmupRuns + runs.Runs;
                    if (recording.Samples >= windows.ActivePeriods || window >= MaxActiveExtensions) break;
                }
                busy = recording.Stop();
            }
            var stats = EnergyWindows.PerInference(idle, busy, inferences, meter);
            _logger.LogDebug(
                "Job {JobId}: {Inferences} runs in {Seconds:F2} s used {Joules:F3} J on {Meter}:{Rail} (idle {IdleWatts:F2} W, agent CPU {IdleCpu:F3} s in {Attempts} idle window(s)): {TotalMj:F3} mJ per run, {DynamicMj:F3} mJ dynamic",
                job.Id, inferences, busy.Elapsed.TotalSeconds, busy.Joules, meter.Name, meter.Rail, stats.IdlePowerW,
                stats.IdleProcessCpuSeconds, stats.IdleAttempts, stats.TotalMj, stats.DynamicMj);
            return stats;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The latency stands on its own: a meter (or energy run) that fails leaves the energy absent, never invented.
            _logger.LogWarning("Job {JobId}: energy measurement with {Meter}:{Rail} failed ({Reason}); reporting latency without energy",
                job.Id, meter.Name, meter.Rail, e.Message);
            return null;
        }
    }

    private static Measurement ToMeasurement(Job job, BenchmarkResult result, EnergyStats? energy)
    {
        var p = result.Provenance;
        var measurement = new Measurement
        {
            DeviceId = job.DeviceId,
            Latency = new LatencyStats
            {
                MedianMs = result.MedianMs,
                P90Ms = result.P90Ms,
                MeanMs = result.MeanMs,
                StdevMs = result.StandardDeviationMs,
                Runs = result.Runs,
                RejectedOutliers = result.RejectedOutliers,
                RelativeStandardError = result.RelativeStandardError,
            },
            Provenance = Provenance.Measured,
            Context = new MeasurementContext
            {
                Machine = p.MachineName,
                Runtime = $"onnxruntime {p.OrtVersion}",
                ExecutionProvider = p.ExecutionProvider,
                IntraOpThreads = p.IntraOpThreads,
                BatchSize = p.BatchSize,
                GraphOptimization = p.GraphOptimization,
            },
            JobId = job.Id,
            MeasuredUnixMs = p.TimestampUtc.ToUnixTimeMilliseconds(),
        };
        if (job.Design is not null) measurement.Design = job.Design.Clone();
        if (energy is not null) measurement.Energy = energy;
        return measurement;
    }

    private static string FirstLine(Exception e)
    {
        var line = e.Message.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? e.GetType().Name : line;
    }
}

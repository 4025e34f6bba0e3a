namespace EdgeOpt.Agent.Energy;

/// <summary>The idle window behind a job's idle power, and what it rests on.</summary>
/// <param name="Reading">The meter over the accepted window.</param>
/// <param name="ProcessCpu">CPU time this process used during that window (its own work shows up on a package or
/// board meter as "idle" power).</param>
/// <param name="Attempts">Windows measured to get a quiet one (1 when the first was quiet).</param>
/// <param name="Quiet">Whether the accepted window's process CPU stayed within the limit; false when every attempt was
/// busy and the quietest one is used.</param>
public readonly record struct IdleMeasurement(EnergyReading Reading, TimeSpan ProcessCpu, int Attempts, bool Quiet)
{
    /// <summary>Process CPU seconds per wall second of the window.</summary>
    public double CpuFraction => Reading.Elapsed > TimeSpan.Zero ? ProcessCpu.TotalSeconds / Reading.Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Measures idle power so that the agent's own work does not count as idle:
/// <list type="number">
/// <item>it settles first: a full garbage collection (so none falls in the window), then a wait of one meter sampling
/// period, at least <see cref="MinimumSettle"/>, so that a meter that reports with a delay (a sensor averaged over its
/// period, a counter published late) has taken in the work done just before;</item>
/// <item>it reads this process's CPU time across the window; a window in which the process used more than
/// <see cref="MaxCpuFraction"/> of a core is measured again after another settle, up to <see cref="MaxAttempts"/>
/// windows, and the quietest one is kept (flagged not quiet when none was);</item>
/// <item>a window whose meter readings fell short of the minimum asked for (the sampling thread was starved on a loaded
/// machine) is extended one sampling period at a time, up to <see cref="MaxExtension"/> times its length.</item>
/// </list>
/// The CPU time and the attempts are reported with the figure (EnergyStats.idle_process_cpu_seconds, idle_attempts).
/// </summary>
public sealed class QuietIdleWindow
{
    /// <summary>Shortest settle before each window.</summary>
    public static readonly TimeSpan MinimumSettle = TimeSpan.FromMilliseconds(250);

    /// <summary>Most process CPU per wall second a window may hold to count as idle (5 % of one core).</summary>
    public const double MaxCpuFraction = 0.05;

    /// <summary>Most windows measured for one idle figure.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Longest a window is extended to reach its minimum readings, as a multiple of its length.</summary>
    public const int MaxExtension = 3;

    private readonly Func<TimeSpan> _processCpu;
    private readonly TimeProvider _time;

    /// <param name="processCpu">This process's total CPU time (default: <see cref="Environment.CpuUsage"/>).</param>
    /// <param name="time">Clock of the windows (default: the system clock).</param>
    public QuietIdleWindow(Func<TimeSpan>? processCpu = null, TimeProvider? time = null)
    {
        _processCpu = processCpu ?? (() => Environment.CpuUsage.TotalTime);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Measures <paramref name="meter"/> over an idle window of <paramref name="length"/> resting on at least
    /// <paramref name="minimumReadings"/> meter readings, as described above.
    /// </summary>
    public IdleMeasurement Measure(IEnergyMeter meter, TimeSpan length, CancellationToken cancellationToken, int minimumReadings = 2)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        var settle = meter.SamplingPeriod > MinimumSettle ? meter.SamplingPeriod : MinimumSettle;
        IdleMeasurement? quietest = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Wait(settle, cancellationToken);

            var cpuBefore = _processCpu();
            EnergyReading reading;
            using (var recording = EnergyRecording.Start(meter, _time))
            {
                Wait(length, cancellationToken);
                // Stop adds one reading; extend while the sampler fell behind (bounded).
                var extended = TimeSpan.Zero;
                while (recording.Samples + 1 < minimumReadings && extended < length * (MaxExtension - 1))
                {
                    Wait(meter.SamplingPeriod, cancellationToken);
                    extended += meter.SamplingPeriod;
                }
                reading = recording.Stop();
            }
            var cpu = _processCpu() - cpuBefore;
            var window = new IdleMeasurement(reading, cpu < TimeSpan.Zero ? TimeSpan.Zero : cpu, attempt, Quiet: false);
            if (window.CpuFraction <= MaxCpuFraction) return window with { Quiet = true };
            if (quietest is null || window.CpuFraction < quietest.Value.CpuFraction) quietest = window;
        }
        return quietest!.Value with { Attempts = MaxAttempts };
    }

    private static void Wait(TimeSpan length, CancellationToken cancellationToken)
    {
        cancellationToken.WaitHandle.WaitOne(length);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

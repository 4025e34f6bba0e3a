using EdgeOpt.Contracts.V1;

namespace EdgeOpt.Agent.Energy;

/// <summary>
/// How long energy is measured: the model runs back to back for max(<see cref="MinimumActive"/>,
/// <see cref="ActivePeriods"/> sampling periods), after an idle window of max(<see cref="MinimumIdle"/>,
/// <see cref="IdlePeriods"/> sampling periods) that gives the idle power.
/// </summary>
public sealed record EnergyWindows(TimeSpan MinimumActive, int ActivePeriods, TimeSpan MinimumIdle, int IdlePeriods)
{
    public static EnergyWindows Default { get; } = new(TimeSpan.FromSeconds(2), 10, TimeSpan.FromSeconds(1), 5);

    public TimeSpan Active(IEnergyMeter meter) => Max(MinimumActive, meter.SamplingPeriod * ActivePeriods);

    public TimeSpan Idle(IEnergyMeter meter) => Max(MinimumIdle, meter.SamplingPeriod * IdlePeriods);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// Energy per inference (one run of the model, i.e. one batch) from an active window of
    /// <paramref name="inferences"/> runs and the idle window before it: total = E / n; idle power = E_idle / t_idle;
    /// dynamic = (E - idle power * t) / n, which can come out slightly negative when the load is below the
    /// meter's noise (it is reported as measured, not clamped).
    /// </summary>
    public static EnergyStats PerInference(EnergyReading idle, EnergyReading active, long inferences, IEnergyMeter meter) =>
        PerInference(new IdleMeasurement(idle, TimeSpan.Zero, 0, Quiet: true), active, inferences, meter);

    /// <summary>
    /// As <see cref="PerInference(EnergyReading, EnergyReading, long, IEnergyMeter)"/>, with the idle window's
    /// evidence (the agent's own CPU time in it and how many windows were measured) in the figure.
    /// </summary>
    public static EnergyStats PerInference(IdleMeasurement idleWindow, EnergyReading active, long inferences, IEnergyMeter meter)
    {
        var idle = idleWindow.Reading;
        ArgumentOutOfRangeException.ThrowIfLessThan(inferences, 1);
        ArgumentNullException.ThrowIfNull(meter);
        var idleWatts = idle.Watts;
        return new EnergyStats
        {
            TotalMj = active.Joules * 1000 / inferences,
            DynamicMj = (active.Joules - idleWatts * active.Elapsed.TotalSeconds) * 1000 / inferences,
            IdlePowerW = idleWatts,
            Samples = active.Samples,
            Meter = meter.Name,
            Rail = meter.Rail,
            IdleSamples = idle.Samples,
            IdleSeconds = idle.Elapsed.TotalSeconds,
            ActiveSeconds = active.Elapsed.TotalSeconds,
            Inferences = inferences,
            IdleProcessCpuSeconds = idleWindow.ProcessCpu.TotalSeconds,
            IdleAttempts = idleWindow.Attempts,
        };
    }
}

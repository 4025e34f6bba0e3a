namespace EdgeOpt.Agent.Energy;

/// <summary>
/// A source of energy readings on the device: a hardware counter (RAPL, NVML), a power sensor integrated over
/// time (INA3221) or an external command. Readings are cumulative joules since the meter was created, so a
/// window's energy is the difference of two readings. Counters that wrap are unwrapped and power sensors are
/// integrated between successive reads, which is why a reader calls <see cref="ReadJoules"/> at least once per
/// <see cref="SamplingPeriod"/> while it measures (see <see cref="EnergyRecording"/>). Not thread-safe.
/// </summary>
public interface IEnergyMeter : IDisposable
{
    /// <summary>Registered name of the meter kind: rapl, nvml, ina or command.</summary>
    string Name { get; }

    /// <summary>What the meter measures, e.g. "package-0", "gpu0", "VDD_IN".</summary>
    string Rail { get; }

    /// <summary>How often to read while measuring; windows span several of these.</summary>
    TimeSpan SamplingPeriod { get; }

    /// <summary>Joules used since the meter was created (monotonic). Throws <see cref="EnergyMeterException"/> when the meter cannot be read.</summary>
    double ReadJoules();
}

/// <summary>A meter that was found but could not be read; the message says which file, library or command failed.</summary>
public sealed class EnergyMeterException(string message, Exception? inner = null) : Exception(message, inner);

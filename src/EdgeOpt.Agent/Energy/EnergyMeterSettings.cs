namespace EdgeOpt.Agent.Energy;

/// <summary>Where and how the meters look: the file-system root of sysfs, the external command, the GPU and rail.</summary>
/// <param name="SysfsRoot">Root under which sys/class/powercap, sys/class/hwmon and sys/bus/i2c are read ("/" on a device).</param>
/// <param name="Command">Shell command that prints cumulative joules, or null.</param>
/// <param name="CommandPeriod">How often the command is run while measuring.</param>
/// <param name="InaRail">INA3221 rail label to read; null = the board input.</param>
/// <param name="GpuIndex">NVML device index.</param>
/// <param name="NvmlLibrary">NVML shared library to load.</param>
/// <param name="Time">Clock for power integration; null = the system clock.</param>
public sealed record EnergyMeterSettings(
    string SysfsRoot = "/",
    string? Command = null,
    TimeSpan? CommandPeriod = null,
    string? InaRail = null,
    int GpuIndex = 0,
    string NvmlLibrary = NvmlEnergyMeter.DefaultLibrary,
    TimeProvider? Time = null)
{
    public static readonly TimeSpan DefaultCommandPeriod = TimeSpan.FromMilliseconds(500);
}

using System.Globalization;

namespace EdgeOpt.Agent.Energy;

/// <summary>
/// CPU package energy from Linux RAPL (powercap sysfs): the sum over the top-level <c>intel-rapl:N</c> zones
/// whose name starts with "package" (AMD Zen exposes the same interface). Each zone's <c>energy_uj</c> counter
/// wraps at <c>max_energy_range_uj</c>; a reading below the previous one is counted as one wrap, so the meter
/// must be read at least once per wrap period (minutes at full load), which <see cref="SamplingPeriod"/> ensures.
/// </summary>
public sealed class RaplEnergyMeter : IEnergyMeter
{
    public const string MeterName = "rapl";

    private readonly Zone[] _zones;

    private RaplEnergyMeter(Zone[] zones)
    {
        _zones = zones;
        Rail = string.Join('+', zones.Select(z => z.Name));
    }

    public string Name => MeterName;

    public string Rail { get; }

    public TimeSpan SamplingPeriod => TimeSpan.FromMilliseconds(100);

    /// <summary>The powercap folder under a file-system root ("/" on a device, a temporary tree in tests).</summary>
    public static string PowercapPath(string sysfsRoot) => Path.Combine(sysfsRoot, "sys", "class", "powercap");

    /// <summary>Finds the package zones under <paramref name="sysfsRoot"/> and reads each once.</summary>
    public static MeterProbe Probe(string sysfsRoot)
    {
        var powercap = PowercapPath(sysfsRoot);
        if (!Directory.Exists(powercap))
            return MeterProbe.Unavailable(MeterName, $"{powercap} does not exist (no powercap/intel_rapl driver on this machine)");

        var zones = new List<Zone>();
        foreach (var directory in Directory.EnumerateDirectories(powercap, "intel-rapl:*").Order(StringComparer.Ordinal))
        {
            // Top-level zones are intel-rapl:N; sub-zones (intel-rapl:N:M: core, uncore, dram) are parts of them.
            var id = Path.GetFileName(directory)["intel-rapl:".Length..];
            if (id.Contains(':')) continue;
            try
            {
                var name = File.ReadAllText(Path.Combine(directory, "name")).Trim();
                if (!name.StartsWith("package", StringComparison.Ordinal)) continue;
                var energyPath = Path.Combine(directory, "energy_uj");
                var range = ReadMicrojoules(Path.Combine(directory, "max_energy_range_uj"));
                if (range == 0)
                    return MeterProbe.Unavailable(MeterName, $"{directory}/max_energy_range_uj is 0; cannot unwrap its counter");
                zones.Add(new Zone(name, energyPath, range, ReadMicrojoules(energyPath)));
            }
            catch (UnauthorizedAccessException)
            {
                return MeterProbe.Unavailable(MeterName,
                    $"{directory}/energy_uj is not readable by this user (Linux 5.10+ lets only root read RAPL counters; run the agent as root or grant read access)");
            }
            catch (Exception e) when (e is IOException or EnergyMeterException)
            {
                return MeterProbe.Unavailable(MeterName, $"cannot read zone {directory}: {e.Message}");
            }
        }
        return zones.Count == 0
            ? MeterProbe.Unavailable(MeterName, $"no package zone (intel-rapl:N with a name 'package-N') under {powercap}")
            : MeterProbe.Found(new RaplEnergyMeter(zones.ToArray()));
    }

    public double ReadJoules()
    {
        double total = 0;
        foreach (var zone in _zones) total += zone.Advance();
        return total / 1e6;
    }

    public void Dispose()
    {
    }

    internal static ulong ReadMicrojoules(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnergyMeterException($"cannot read {path}: {e.Message}", e);
        }
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new EnergyMeterException($"{path} holds '{text}'; expected a non-negative integer of microjoules");
    }

    /// <summary>One counter: the last raw value and the microjoules accumulated since the probe.</summary>
    private sealed class Zone(string name, string energyPath, ulong range, ulong first)
    {
        private ulong _last = first;
        private ulong _accumulated;

        public string Name { get; } = name;

        public ulong Advance()
        {
            var current = ReadMicrojoules(energyPath);
            if (current > range)
                throw new EnergyMeterException($"{energyPath} reads {current}, above max_energy_range_uj {range}");
            // A smaller value means the counter passed max_energy_range_uj and started again from zero.
            _accumulated += current >= _last ? current - _last : range - _last + current;
            _last = current;
            return _accumulated;
        }
    }
}

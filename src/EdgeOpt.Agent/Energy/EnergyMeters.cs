namespace EdgeOpt.Agent.Energy;

/// <summary>
/// The meter kinds, registered by name (rapl, nvml, ina, command), and the choice of the one a job uses. Looking
/// for a meter never throws: a meter that is absent or unreadable comes back unavailable with the reason.
/// </summary>
public static class EnergyMeters
{
    /// <summary>Pick the best available meter (see <see cref="Choose"/>).</summary>
    public const string Auto = "auto";

    /// <summary>Measure no energy.</summary>
    public const string None = "none";

    private static readonly IReadOnlyDictionary<string, Func<EnergyMeterSettings, MeterProbe>> Registry =
        new Dictionary<string, Func<EnergyMeterSettings, MeterProbe>>(StringComparer.Ordinal)
        {
            [RaplEnergyMeter.MeterName] = s => RaplEnergyMeter.Probe(s.SysfsRoot),
            [NvmlEnergyMeter.MeterName] = s => NvmlEnergyMeter.Probe(s.GpuIndex, s.NvmlLibrary),
            [InaPowerMeter.MeterName] = s => InaPowerMeter.Probe(s.SysfsRoot, s.InaRail, s.Time),
            [CommandEnergyMeter.MeterName] = s => CommandEnergyMeter.Probe(s.Command, s.CommandPeriod ?? EnergyMeterSettings.DefaultCommandPeriod),
        };

    /// <summary>The registered meter names.</summary>
    public static IReadOnlyList<string> Names { get; } = [RaplEnergyMeter.MeterName, NvmlEnergyMeter.MeterName, InaPowerMeter.MeterName, CommandEnergyMeter.MeterName];

    /// <summary>Values accepted where a meter is chosen: auto, none or a name.</summary>
    public static IReadOnlyList<string> Choices { get; } = [Auto, None, .. Names];

    /// <summary>Looks for one kind of meter.</summary>
    public static MeterProbe Probe(string name, EnergyMeterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Registry.TryGetValue(name, out var probe)
            ? probe(settings)
            : throw new ArgumentException($"unknown energy meter '{name}'; allowed: {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>Looks for every kind of meter.</summary>
    public static IReadOnlyList<MeterProbe> ProbeAll(EnergyMeterSettings settings) =>
        Names.Select(n => Probe(n, settings)).ToArray();

    /// <summary>
    /// The meter to use. A name picks that meter (null when it is unavailable); <see cref="None"/> picks none;
    /// <see cref="Auto"/> prefers a configured command (the operator named it), then the board's INA3221 (whole
    /// board on a Jetson), then the meter of the processor that runs the models: NVML when jobs run on the GPU,
    /// else RAPL; then whichever is left.
    /// </summary>
    public static IEnergyMeter? Choose(IReadOnlyList<MeterProbe> probes, string choice, bool modelsRunOnGpu)
    {
        ArgumentNullException.ThrowIfNull(probes);
        if (choice == None) return null;
        IEnergyMeter? Available(string name) => probes.FirstOrDefault(p => p.Name == name)?.Meter;
        if (choice != Auto)
        {
            if (!Registry.ContainsKey(choice))
                throw new ArgumentException($"unknown energy meter '{choice}'; allowed: {string.Join(", ", Choices)}", nameof(choice));
            return Available(choice);
        }
        string[] order = modelsRunOnGpu
            ? [CommandEnergyMeter.MeterName, InaPowerMeter.MeterName, NvmlEnergyMeter.MeterName, RaplEnergyMeter.MeterName]
            : [CommandEnergyMeter.MeterName, InaPowerMeter.MeterName, RaplEnergyMeter.MeterName, NvmlEnergyMeter.MeterName];
        return order.Select(Available).FirstOrDefault(m => m is not null);
    }
}

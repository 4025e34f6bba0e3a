namespace EdgeOpt.Server.Domain;

/// <summary>How a device runs networks, as given by the operator or reported by the agent.</summary>
public sealed record DeviceProfile
{
    public string CpuModel { get; init; } = "";
    public int CpuCores { get; init; }
    public long MemoryBytes { get; init; }
    public string Os { get; init; } = "";
    public string Architecture { get; init; } = "";
    public string[] ExecutionProviders { get; init; } = [];
    public string Accelerator { get; init; } = "";
    public string[] EnergyMeters { get; init; } = [];

    /// <summary>Free labels as key/value pairs (stored as pairs so keys may hold dots or slashes).</summary>
    public Label[] Labels { get; init; } = [];

    /// <summary>This profile with the non-empty fields of <paramref name="reported"/> laid over it; labels merged by key.</summary>
    public DeviceProfile MergedWith(DeviceProfile reported)
    {
        var labels = Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        foreach (var label in reported.Labels) labels[label.Key] = label.Value;
        return new DeviceProfile
        {
            CpuModel = Pick(reported.CpuModel, CpuModel),
            CpuCores = reported.CpuCores > 0 ? reported.CpuCores : CpuCores,
            MemoryBytes = reported.MemoryBytes > 0 ? reported.MemoryBytes : MemoryBytes,
            Os = Pick(reported.Os, Os),
            Architecture = Pick(reported.Architecture, Architecture),
            ExecutionProviders = reported.ExecutionProviders.Length > 0 ? reported.ExecutionProviders : ExecutionProviders,
            Accelerator = Pick(reported.Accelerator, Accelerator),
            EnergyMeters = reported.EnergyMeters.Length > 0 ? reported.EnergyMeters : EnergyMeters,
            Labels = labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new Label(p.Key, p.Value)).ToArray(),
        };
    }

    private static string Pick(string reported, string current) => string.IsNullOrEmpty(reported) ? current : reported;
}

/// <summary>One free label of a device.</summary>
public sealed record Label
{
    public Label() { }

    public Label(string key, string value)
    {
        Key = key;
        Value = value;
    }

    public string Key { get; init; } = "";
    public string Value { get; init; } = "";
}

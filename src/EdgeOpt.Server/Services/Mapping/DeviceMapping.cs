using EdgeOpt.Server.Domain;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services.Mapping;

/// <summary>Device conversions between the wire and the store.</summary>
public static class DeviceMapping
{
    public const int MaxTextLength = 512;
    public const int MaxListEntries = 64;

    /// <summary>The device with how the server models it in each space (<paramref name="models"/>).</summary>
    public static Wire.Device ToProto(DeviceRecord device, IReadOnlyList<DeviceModelRecord> models)
    {
        var proto = ToProto(device);
        proto.Predictors.Add(models.Select(ModelCardMapping.ToProto));
        return proto;
    }

    public static Wire.Device ToProto(DeviceRecord device)
    {
        var proto = new Wire.Device
        {
            Id = device.Id,
            Name = device.Name,
            Description = ToProto(device.Profile),
            State = ToProto(device.State),
            RegisteredUnixMs = device.RegisteredUnixMs,
            LastSeenUnixMs = device.LastSeenUnixMs,
        };
        proto.FeaturedSpaces.Add(device.FeaturedSpaces);
        return proto;
    }

    public static Wire.DeviceDescription ToProto(DeviceProfile profile)
    {
        var proto = new Wire.DeviceDescription
        {
            CpuModel = profile.CpuModel,
            CpuCores = profile.CpuCores,
            MemoryBytes = profile.MemoryBytes,
            Os = profile.Os,
            Architecture = profile.Architecture,
            Accelerator = profile.Accelerator,
        };
        proto.ExecutionProviders.Add(profile.ExecutionProviders);
        proto.EnergyMeters.Add(profile.EnergyMeters);
        foreach (var label in profile.Labels) proto.Labels[label.Key] = label.Value;
        return proto;
    }

    /// <summary>A checked profile; a missing description is an empty profile.</summary>
    public static DeviceProfile ToDomain(Wire.DeviceDescription? description, string field)
    {
        if (description is null) return new DeviceProfile();
        if (description.CpuCores < 0)
            throw FleetException.Invalid($"{field}.cpu_cores is {description.CpuCores}; allowed: 0 (unknown) or more");
        if (description.MemoryBytes < 0)
            throw FleetException.Invalid($"{field}.memory_bytes is {description.MemoryBytes}; allowed: 0 (unknown) or more");
        return new DeviceProfile
        {
            CpuModel = Text(description.CpuModel, $"{field}.cpu_model"),
            CpuCores = description.CpuCores,
            MemoryBytes = description.MemoryBytes,
            Os = Text(description.Os, $"{field}.os"),
            Architecture = Text(description.Architecture, $"{field}.architecture"),
            ExecutionProviders = List(description.ExecutionProviders, $"{field}.execution_providers"),
            Accelerator = Text(description.Accelerator, $"{field}.accelerator"),
            EnergyMeters = List(description.EnergyMeters, $"{field}.energy_meters"),
            Labels = Labels(description.Labels, $"{field}.labels"),
        };
    }

    public static Wire.DeviceState ToProto(DeviceState state) => state switch
    {
        DeviceState.Registered => Wire.DeviceState.Registered,
        DeviceState.Enrolled => Wire.DeviceState.Enrolled,
        DeviceState.Ready => Wire.DeviceState.Ready,
        DeviceState.Retired => Wire.DeviceState.Retired,
        _ => Wire.DeviceState.Unspecified,
    };

    private static string Text(string value, string field)
    {
        value = value.Trim();
        return value.Length <= MaxTextLength
            ? value
            : throw FleetException.Invalid($"{field} has {value.Length} characters; at most {MaxTextLength}");
    }

    private static string[] List(IReadOnlyList<string> values, string field)
    {
        if (values.Count > MaxListEntries)
            throw FleetException.Invalid($"{field} has {values.Count} entries; at most {MaxListEntries}");
        var result = new string[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            result[i] = Text(values[i], $"{field}[{i}]");
            if (result[i].Length == 0) throw FleetException.Invalid($"{field}[{i}] is empty");
        }
        return result;
    }

    private static Label[] Labels(IDictionary<string, string> labels, string field)
    {
        if (labels.Count > MaxListEntries)
            throw FleetException.Invalid($"{field} has {labels.Count} entries; at most {MaxListEntries}");
        return labels
            .Select(p =>
            {
                string key = Text(p.Key, $"{field} key");
                if (key.Length == 0) throw FleetException.Invalid($"{field} has an empty key");
                return new Label(key, Text(p.Value, $"{field}['{key}']"));
            })
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .ToArray();
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using EdgeOpt.Agent.Energy;
using EdgeOpt.Contracts.V1;
using EdgeOpt.Runtime.Benchmarking;
using Microsoft.ML.OnnxRuntime;

namespace EdgeOpt.Agent.Hardware;

/// <summary>
/// What the agent tells the server about its device at enrollment: CPU model (/proc/cpuinfo), logical cores,
/// memory (/proc/meminfo, else what the runtime sees), OS and kernel, architecture, the ONNX Runtime execution
/// providers that load, an accelerator where one is visible (NVIDIA driver or a Jetson's device tree) and the
/// energy meters found.
/// </summary>
public static class HardwareDescription
{
    /// <summary>The description of this machine for a measuring agent.</summary>
    public static DeviceDescription Detect(IEnumerable<MeterProbe> meters, string root = "/")
    {
        ArgumentNullException.ThrowIfNull(meters);
        var description = new DeviceDescription
        {
            CpuModel = MachineInfo.CpuModel ?? RuntimeInformation.ProcessArchitecture.ToString(),
            CpuCores = Environment.ProcessorCount,
            MemoryBytes = MemoryBytes(root),
            Os = OperatingSystemName(root),
            Architecture = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            Accelerator = Accelerator(root) ?? "",
        };
        description.ExecutionProviders.AddRange(OrtEnv.Instance().GetAvailableProviders());
        description.EnergyMeters.AddRange(meters.Where(p => p.Available).Select(p => $"{p.Meter!.Name}:{p.Meter.Rail}"));
        description.Labels["host"] = Environment.MachineName;
        description.Labels["onnxruntime"] = BenchmarkRunner.OrtVersion;
        description.Labels["onnxruntime.package"] = BenchmarkRunner.OrtPackage;
        description.Labels["dotnet"] = RuntimeInformation.FrameworkDescription;
        return description;
    }

    /// <summary>
    /// A replaying agent is not the device it answers for, so it describes only the recording (and the host it
    /// runs on, as a label); the device's real description is the one its operator registered.
    /// </summary>
    public static DeviceDescription ForReplay(string recording, string device, string space)
    {
        var description = new DeviceDescription();
        description.Labels["replay.recording"] = recording;
        description.Labels["replay.device"] = device;
        description.Labels["replay.space"] = space;
        description.Labels["host"] = Environment.MachineName;
        return description;
    }

    /// <summary>MemTotal of /proc/meminfo in bytes, else the memory the .NET runtime may use.</summary>
    public static long MemoryBytes(string root = "/")
    {
        var meminfo = Read(Path.Combine(root, "proc", "meminfo"));
        if (meminfo is not null && ParseMemTotal(meminfo) is { } bytes) return bytes;
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>The "MemTotal:  N kB" line in bytes, or null.</summary>
    public static long? ParseMemTotal(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
            var parts = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return parts.Length >= 2 && parts[1].Equals("kB", StringComparison.OrdinalIgnoreCase) ? value * 1024 : value;
        }
        return null;
    }

    /// <summary>PRETTY_NAME of /etc/os-release with the kernel version, else the runtime's OS description.</summary>
    public static string OperatingSystemName(string root = "/")
    {
        var release = Read(Path.Combine(root, "etc", "os-release"));
        var pretty = release?.Split('\n')
            .Where(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            .Select(l => l["PRETTY_NAME=".Length..].Trim().Trim('"'))
            .FirstOrDefault(v => v.Length > 0);
        if (pretty is null) return RuntimeInformation.OSDescription;
        return OperatingSystem.IsLinux() ? $"{pretty}, Linux {Environment.OSVersion.Version}" : pretty;
    }

    /// <summary>An NVIDIA GPU's model from the driver's /proc files, else a Jetson/Tegra board from the device tree, else null.</summary>
    public static string? Accelerator(string root = "/")
    {
        var gpus = Path.Combine(root, "proc", "driver", "nvidia", "gpus");
        if (Directory.Exists(gpus))
        {
            var models = Directory.EnumerateDirectories(gpus).Order(StringComparer.Ordinal)
                .Select(d => Read(Path.Combine(d, "information")))
                .Select(text => text?.Split('\n').FirstOrDefault(l => l.StartsWith("Model:", StringComparison.Ordinal)))
                .Where(l => l is not null)
                .Select(l => l!["Model:".Length..].Trim())
                .ToArray();
            if (models.Length > 0) return string.Join(", ", models);
        }
        var board = Read(Path.Combine(root, "proc", "device-tree", "model"))?.TrimEnd('\0', '\n', ' ');
        return board is not null && (board.Contains("Jetson", StringComparison.OrdinalIgnoreCase) || board.Contains("Tegra", StringComparison.OrdinalIgnoreCase))
            ? $"{board} GPU"
            : null;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

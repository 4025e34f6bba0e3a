using System.Runtime.InteropServices;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>Facts about the host for provenance; read once.</summary>
public static class MachineInfo
{
    private static readonly Lazy<string?> Cpu = new(ReadCpuModel);

    public static string? CpuModel => Cpu.Value;

    private static string? ReadCpuModel()
    {
        try
        {
            const string path = "/proc/cpuinfo";
            return File.Exists(path) ? ParseCpuModel(File.ReadAllText(path)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The CPU model in /proc/cpuinfo text (keys are case-sensitive: "processor" is only an index):
    /// "model name" (x86 and many others), else "Model" (Raspberry Pi), "Hardware" or "Processor" (older ARM
    /// kernels), else the "CPU implementer"/"CPU part" codes (ARM64), else "uarch"/"isa" (RISC-V); null when
    /// none is there.
    /// </summary>
    internal static string? ParseCpuModel(string cpuinfo)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (value.Length > 0) found.TryAdd(key, value);
        }
        foreach (var key in new[] { "model name", "Model", "Hardware", "Processor" })
        {
            if (found.TryGetValue(key, out var value)) return value;
        }
        if (found.TryGetValue("CPU implementer", out var implementer) && found.TryGetValue("CPU part", out var part))
            return $"ARM implementer {implementer}, part {part}";
        foreach (var key in new[] { "uarch", "isa" })
        {
            if (found.TryGetValue(key, out var value)) return value;
        }
        return null;
    }

    public static string OperatingSystem => RuntimeInformation.OSDescription;

    public static string Dotnet => RuntimeInformation.FrameworkDescription;
}

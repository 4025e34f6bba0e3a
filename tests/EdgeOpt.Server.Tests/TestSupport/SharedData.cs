namespace EdgeOpt.Server.Tests.TestSupport;

/// <summary>The shared measured data (shared/data beside the repository root), when this checkout has it.</summary>
public static class SharedData
{
    public static string? Directory { get; } = Locate();

    public static string File(params string[] parts) =>
        Path.Combine([Directory ?? throw new InvalidOperationException("shared data is absent"), .. parts]);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (System.IO.File.Exists(Path.Combine(candidate, "nb201", "latency.csv"))) return candidate;
        }
        return null;
    }
}

/// <summary>A fact that is skipped, saying why, when shared/data is absent (a fresh clone has none).</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Directory is null)
            Skip = "needs the shared measured data (shared/data/nb201/latency.csv beside the repository root); it is absent in this checkout";
    }
}

namespace EdgeOpt.Core.Tests.Support;

/// <summary>A fact that is skipped, with the reason, when the measured data folder (shared/data) is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Directory is null)
            Skip = "shared/data (measured benchmark data) was not found beside the repository root";
    }
}

internal static class SharedData
{
    /// <summary>The shared/data folder found by walking up from the test's base directory, or null.</summary>
    public static string? Directory { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}

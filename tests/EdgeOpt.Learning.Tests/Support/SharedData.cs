namespace EdgeOpt.Learning.Tests.Support;

/// <summary>
/// Locates the measured data beside the repository (../shared/data, see its README.md): walks up from the test's
/// base directory until a directory holds <c>shared/data/README.md</c>. Null when there is none, as in a user's
/// fresh clone.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Located = new(Locate);

    /// <summary>Full path of the shared/data directory, or null when absent.</summary>
    public static string? Root => Located.Value;

    /// <summary>Full path of a file under shared/data (the caller checks it exists).</summary>
    public static string PathOf(string relativePath) =>
        Path.Combine(Root ?? throw new InvalidOperationException("shared/data was not found"), relativePath);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
        }
        return null;
    }
}

namespace EdgeOpt.Agent.Tests.Support;

/// <summary>
/// The measured data folder <c>shared/data</c> beside the repository root, found by walking up from the test
/// assembly's folder; a fresh clone has none and the tests that need it skip (see <see cref="SharedDataFactAttribute"/>).
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    });

    public static string? Root => LazyRoot.Value;

    public static string? MissingReason(string relativeFile) =>
        Root is null ? $"measured data not found: no shared/data above {AppContext.BaseDirectory}"
        : File.Exists(Path.Combine(Root, relativeFile)) ? null
        : $"measured data file {relativeFile} not found in {Root}";

    public static string PathOf(string relativeFile) => Path.Combine(Root ?? throw new InvalidOperationException(MissingReason(relativeFile)), relativeFile);
}

/// <summary>A fact that needs a file under shared/data; skipped with the reason when it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativeFile)
    {
        if (SharedData.MissingReason(relativeFile) is { } reason) Skip = reason;
    }
}

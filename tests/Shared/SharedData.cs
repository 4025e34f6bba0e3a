using Xunit;

namespace EdgeOpt.Testing;

/// <summary>
/// Finds the measured data folder <c>shared/data</c> that lives beside the repository root (not inside it): the
/// folder named by <see cref="EnvironmentVariable"/> if set, else the first <c>shared/data</c> holding a README.md
/// found walking up from the test assembly's folder. A fresh clone has none; tests then skip
/// (see <see cref="SharedDataFactAttribute"/>).
/// </summary>
public static class SharedData
{
    public const string EnvironmentVariable = "EDGEOPT_SHARED_DATA";

    private static readonly Lazy<string?> LazyRoot = new(Locate);

    /// <summary>Absolute path of the data folder, or null when absent.</summary>
    public static string? Root => LazyRoot.Value;

    /// <summary>Null when every file exists under the data folder, else why not (a test's skip reason).</summary>
    public static string? MissingReason(params string[] relativeFiles)
    {
        if (Root is null)
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(fromEnvironment)
                ? $"measured data not found: no shared/data/README.md above {AppContext.BaseDirectory} and {EnvironmentVariable} is not set"
                : $"measured data not found: {EnvironmentVariable} names '{fromEnvironment}', which is not a folder";
        }
        foreach (var file in relativeFiles)
            if (!File.Exists(Path.Combine(Root, file)))
                return $"measured data file {file} not found in {Root}";
        return null;
    }

    /// <summary>Absolute path of a file under the data folder; throws when it is absent.</summary>
    public static string PathOf(string relativeFile)
    {
        var reason = MissingReason(relativeFile);
        if (reason is not null) throw new FileNotFoundException(reason, relativeFile);
        return Path.Combine(Root!, relativeFile);
    }

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
        }
        return null;
    }
}

/// <summary>
/// A fact that needs measured data (paths relative to <c>shared/data</c>, e.g. "nb201/accuracy.csv"; none = only the
/// folder): skipped, saying why, when they are absent, as in a user's fresh clone.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] relativeFiles)
    {
        var reason = SharedData.MissingReason(relativeFiles);
        if (reason is not null) Skip = reason;
    }
}

namespace EdgeOpt.Learning.Tests.Support;

/// <summary>
/// A fact that needs the measured data in ../shared/data: skipped, with the reason, when that directory or one of
/// the named files is absent.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <param name="requiredFiles">Paths relative to shared/data, e.g. "nb201/latency.csv".</param>
    public SharedDataFactAttribute(params string[] requiredFiles)
    {
        if (SharedData.Root is null)
        {
            Skip = "shared/data (with README.md) was not found above " + AppContext.BaseDirectory +
                   "; these tests read the measured data beside the repository";
            return;
        }
        var missing = requiredFiles.Where(f => !File.Exists(Path.Combine(SharedData.Root, f))).ToArray();
        if (missing.Length > 0)
            Skip = $"missing under {SharedData.Root}: {string.Join(", ", missing)}";
    }
}

namespace EdgeOpt.Learning.Tests.TestSupport;

/// <summary>
/// A fact that needs measured data files (paths relative to <c>shared/data</c>, e.g. "nb201/accuracy.csv");
/// skipped with the reason when they are absent.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] relativeFiles)
    {
        var reason = SharedData.MissingReason(relativeFiles);
        if (reason is not null) Skip = reason;
    }
}

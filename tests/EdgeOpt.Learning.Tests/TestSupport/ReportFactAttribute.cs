namespace EdgeOpt.Learning.Tests.TestSupport;

/// <summary>
/// A long measurement run that prints figures for a report rather than checking a specification: skipped unless
/// the environment variable <see cref="EnvironmentVariable"/> is "1" and the measured data files are present.
/// </summary>
public sealed class ReportFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "EDGEOPT_REPORTS";

    public ReportFactAttribute(params string[] relativeFiles)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "1")
            Skip = $"report run: set {EnvironmentVariable}=1 to run it (minutes)";
        else if (SharedData.MissingReason(relativeFiles) is { } reason)
            Skip = reason;
    }
}

namespace EdgeOpt.Cli.Tests.Support;

/// <summary>
/// A long measurement run that prints figures for a report rather than checking a specification: skipped unless the
/// environment variable EDGEOPT_REPORTS is "1" and the packaged models it reads are present.
/// </summary>
public sealed class ReportFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "EDGEOPT_REPORTS";

    public ReportFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "1")
            Skip = $"report run: set {EnvironmentVariable}=1 to run it (minutes)";
        else if (PackagedModels.MissingReason is { } reason)
            Skip = reason;
    }
}

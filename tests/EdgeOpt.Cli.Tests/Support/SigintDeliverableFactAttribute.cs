namespace EdgeOpt.Cli.Tests.Support;

/// <summary>
/// A fact about SIGINT handling, skipped when this test process ignores SIGINT: a process started in the
/// background by a non-interactive shell (or under nohup) inherits that ignore, so would every child it starts,
/// and no .NET program can then see Ctrl+C. Read from the SigIgn mask in /proc/self/status.
/// </summary>
public sealed class SigintDeliverableFactAttribute : FactAttribute
{
    private const int Sigint = 2;

    public SigintDeliverableFactAttribute()
    {
        if (SigintIgnored())
            Skip = "SIGINT is ignored in this test process (started in the background or under nohup), so child processes cannot receive it";
    }

    private static bool SigintIgnored()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return false;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is null) return false;
        var mask = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
        return (mask & (1UL << (Sigint - 1))) != 0;
    }
}

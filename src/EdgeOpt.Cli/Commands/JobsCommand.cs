using System.CommandLine;

namespace EdgeOpt.Cli.Commands;

/// <summary>`edgeopt jobs`: the benchmark jobs the server hands to agents.</summary>
internal static class JobsCommand
{
    public static Command Create() => new("jobs", "Benchmark jobs of the fleet.")
    {
        JobsListCommand.Create(),
    };
}

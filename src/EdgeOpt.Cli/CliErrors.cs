using Spectre.Console;

namespace EdgeOpt.Cli;

internal static class CliErrors
{
    /// <summary>Prints a usage error that names the option and the allowed values; returns exit code 2.</summary>
    public static int Report(string message)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
        return 2;
    }
}

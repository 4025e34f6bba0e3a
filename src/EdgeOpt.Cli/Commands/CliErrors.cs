using EdgeOpt.Core.Datasets;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>Turns the errors a user can cause (bad options, bad files) into one line on stderr and exit code 2.</summary>
internal static class CliErrors
{
    private static readonly IAnsiConsole Stderr =
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>Prints a usage error that names the option and the allowed values; returns exit code 2.</summary>
    public static int Report(string message)
    {
        Stderr.MarkupLineInterpolated($"[red]error:[/] {message}");
        return 2;
    }

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or KeyNotFoundException
                                      or MeasurementFormatException or InvalidOperationException)
        {
            return Report(e.Message);
        }
    }
}

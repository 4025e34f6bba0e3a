using EdgeOpt.Core.Datasets;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>Turns the errors a user can cause (bad options, bad files) into one line on stderr and exit code 2.</summary>
internal static class CliErrors
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or KeyNotFoundException
                                      or MeasurementFormatException or InvalidOperationException)
        {
            var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
    }
}

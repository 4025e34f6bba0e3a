using Spectre.Console;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>
/// What every quickstart step shares: the settings, the console it reports on (a grey "&gt;" line when a step
/// starts, a green tick when it is done), the notes that go into the report, and the deadline of one server call.
/// </summary>
internal sealed class QuickstartSteps(QuickstartSettings settings, IAnsiConsole console)
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    public QuickstartSettings Settings => settings;

    public IAnsiConsole Console => console;

    /// <summary>Notes for the report, in the order the steps made them.</summary>
    public List<string> Notes { get; } = [];

    public void Status(string text) => console.MarkupLineInterpolated($"[grey]>[/] {text}");

    public void Done(string text) => console.MarkupLineInterpolated($"[green]✓[/] {text}");

    /// <summary>The deadline of a server call made now.</summary>
    public static DateTime Deadline() => DateTime.UtcNow + CallTimeout;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Spectre.Console;

namespace EdgeOpt.Cli.Client;

/// <summary>
/// Where the fleet verbs print: tables and messages to standard output through Spectre.Console, errors as one
/// line on standard error, and JSON (for --json) written plainly to standard output so nothing wraps or colours it.
/// </summary>
internal static class CliConsole
{
    /// <summary>Width of tables when standard output is not a terminal (a pipe or a file): wide, so rows stay on one line.</summary>
    public const int RedirectedWidth = 240;

    private static readonly Lazy<IAnsiConsole> OutConsole = new(() =>
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = RedirectedWidth;
        return console;
    });

    /// <summary>Proto3 JSON with every field, defaults included, so scripts need not know the defaults.</summary>
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IAnsiConsole Out => OutConsole.Value;

    /// <summary>Prints "error: MESSAGE" as one plain line on standard error: never wrapped, easy to grep.</summary>
    public static void WriteError(string message) => WriteErrorLine("error: " + OneLine(message));

    public static void WriteWarning(string message) => WriteErrorLine("warning: " + OneLine(message));

    private static void WriteErrorLine(string line)
    {
        Console.Error.WriteLine(line);
        Console.Error.Flush();
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A message in proto3 JSON form, as a node to embed in a larger document.</summary>
    public static JsonNode ToJson(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    public static void WriteJson(IMessage message) => WriteJson(ToJson(message));

    public static void WriteJson(JsonNode node)
    {
        Console.Out.WriteLine(node.ToJsonString(Indented));
        Console.Out.Flush();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Client;

/// <summary>How the predict verbs write figures and their answer as JSON (one shape for every verb).</summary>
internal static class PredictionJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A figure with its interval, provenance and source; null when the answer has none.</summary>
    public static JsonObject? Figure(Wire.Figure? f) => f is null ? null : new JsonObject
    {
        ["value"] = f.Value,
        ["lower"] = f.HasLower ? f.Lower : null,
        ["upper"] = f.HasUpper ? f.Upper : null,
        ["interval_level"] = f.IntervalLevel,
        ["provenance"] = Display.Provenance(f.Provenance),
        ["source"] = f.Source,
    };

    /// <summary>Writes <paramref name="root"/> indented to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, JsonObject root)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, root.ToJsonString(Indented));
    }
}

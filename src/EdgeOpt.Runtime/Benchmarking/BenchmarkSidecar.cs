using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// The provenance file written next to a session's CSV: the options, the device column, and every item's
/// full result (statistics and provenance) or error, its round medians and spread between rounds, and the
/// number of rounds (1 in sidecars written before rounds existed), as indented camelCase JSON.
/// </summary>
public sealed record BenchmarkSidecar(
    string Schema,
    string SpaceId,
    string DeviceColumn,
    string Precision,
    BenchmarkOptions Options,
    IReadOnlyList<BenchmarkItemResult> Items,
    int Rounds = 1)
{
    public const string CurrentSchema = "edgeopt.benchmark-sidecar/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static BenchmarkSidecar From(BenchmarkSessionResult session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new BenchmarkSidecar(
            CurrentSchema, session.Table.SpaceId, session.DeviceColumn, session.Precision, session.Options, session.Items, session.Rounds);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a sidecar; <see cref="JsonException"/> when it is not one.</summary>
    public static BenchmarkSidecar Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var sidecar = JsonSerializer.Deserialize<BenchmarkSidecar>(json, Json)
                      ?? throw new JsonException("the JSON is null, not a benchmark sidecar");
        if (sidecar.Schema != CurrentSchema)
            throw new JsonException($"schema is '{sidecar.Schema}'; expected '{CurrentSchema}'");
        return sidecar;
    }

    /// <summary>Writes the sidecar (UTF-8), replacing the file only once it is complete.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, ToJson(), new UTF8Encoding(false));
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The sidecar path that goes with a CSV: "latency.csv" -> "latency.provenance.json".</summary>
    public static string PathFor(string csvPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        return Path.ChangeExtension(csvPath, ".provenance.json");
    }
}

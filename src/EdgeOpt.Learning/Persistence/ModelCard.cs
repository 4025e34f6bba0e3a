using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeOpt.Learning.Persistence;

/// <summary>A file a model learned from: its path as given on the command line and its SHA-256 (lowercase hex).</summary>
public sealed record DataSource(string Path, string Sha256)
{
    /// <summary>Hashes the file at <paramref name="path"/> (recorded as given).</summary>
    public static DataSource Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return new DataSource(path, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }
}

/// <summary>
/// What a saved model is and how it was made: kind ("latency", "accuracy" or "optimizer"), method, search space,
/// training devices, number of training rows, quick honest scores (name → value, e.g. leave-devices-out Spearman),
/// seed, data files with their hashes, creation time and the exact command that reproduces it. Stored as JSON beside
/// the model (<see cref="ToJson"/>) and summarized in Markdown (<see cref="ToMarkdown"/>).
/// </summary>
public sealed record ModelCard
{
    public static IReadOnlyList<string> Kinds { get; } = ["latency", "accuracy", "optimizer"];

    public required string Kind { get; init; }

    public required string Method { get; init; }

    public required string Space { get; init; }

    public IReadOnlyList<string> Devices { get; init; } = [];

    public int TrainingRows { get; init; }

    /// <summary>Scores by name, in the order they were added.</summary>
    public IReadOnlyDictionary<string, double> Scores { get; init; } = new Dictionary<string, double>();

    public int Seed { get; init; }

    public IReadOnlyList<DataSource> DataSources { get; init; } = [];

    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>The command line that regenerates the model.</summary>
    public string Reproduce { get; init; } = "";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(Dto.From(this), JsonOptions);

    /// <summary>Parses <see cref="ToJson"/>'s output; <see cref="InvalidDataException"/> names the missing or bad field.</summary>
    public static ModelCard FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Dto? dto;
        try { dto = JsonSerializer.Deserialize<Dto>(json, JsonOptions); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"model card: not valid card JSON at {e.Path ?? "$"} (line {e.LineNumber + 1}): {e.Message}", e);
        }
        if (dto is null) throw new InvalidDataException("model card: the JSON is null");
        var kind = Required(dto.Kind, "kind");
        if (!Kinds.Contains(kind)) throw new InvalidDataException($"model card: field 'kind' is '{kind}'; allowed: {string.Join(", ", Kinds)}");
        if (dto.TrainingRows is < 0) throw new InvalidDataException($"model card: field 'trainingRows' is {dto.TrainingRows}; must be >= 0");
        var sources = dto.DataSources ?? [];
        for (var i = 0; i < sources.Length; i++)
        {
            Required(sources[i].Path, $"dataSources[{i}].path");
            var sha = Required(sources[i].Sha256, $"dataSources[{i}].sha256");
            if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
                throw new InvalidDataException($"model card: field 'dataSources[{i}].sha256' is '{sha}'; expected 64 lowercase hex digits");
        }
        return new ModelCard
        {
            Kind = kind,
            Method = Required(dto.Method, "method"),
            Space = Required(dto.Space, "space"),
            Devices = dto.Devices ?? [],
            TrainingRows = dto.TrainingRows ?? 0,
            Scores = dto.Scores ?? new Dictionary<string, double>(),
            Seed = dto.Seed ?? 0,
            DataSources = sources.Select(s => new DataSource(s.Path!, s.Sha256!)).ToArray(),
            CreatedUtc = dto.CreatedUtc ?? throw new InvalidDataException("model card: field 'createdUtc' is missing"),
            Reproduce = dto.Reproduce ?? "",
        };
    }

    public void Save(string path) => File.WriteAllText(path, ToJson() + "\n");

    public static ModelCard Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no model card at {Path.GetFullPath(path)}", path);
        try { return FromJson(File.ReadAllText(path)); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{Path.GetFullPath(path)}: {e.Message}", e); }
    }

    /// <summary>A Markdown section: heading, a table of the facts, the scores, the data sources and the command.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"## {Space} {Kind} model ({Method})\n\n");
        text.Append("| | |\n|---|---|\n");
        text.Append(CultureInfo.InvariantCulture, $"| kind | {Kind} |\n| method | {Method} |\n| space | {Space} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| devices ({Devices.Count}) | {(Devices.Count == 0 ? "none" : string.Join(", ", Devices))} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| training rows | {TrainingRows} |\n| seed | {Seed} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| created (UTC) | {CreatedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} |\n\n");
        if (Scores.Count > 0)
        {
            text.Append("Scores:\n\n| score | value |\n|---|---|\n");
            foreach (var (name, value) in Scores) text.Append(CultureInfo.InvariantCulture, $"| {name} | {value:0.####} |\n");
            text.Append('\n');
        }
        if (DataSources.Count > 0)
        {
            text.Append("Data:\n\n");
            foreach (var source in DataSources) text.Append(CultureInfo.InvariantCulture, $"- `{source.Path}` (SHA-256 `{source.Sha256}`)\n");
            text.Append('\n');
        }
        text.Append("Reproduce:\n\n```\n").Append(Reproduce).Append("\n```\n");
        return text.ToString();
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"model card: field '{field}' is missing or empty") : value;

    private sealed class Dto
    {
        public int Format { get; set; } = 1;
        public string? Kind { get; set; }
        public string? Method { get; set; }
        public string? Space { get; set; }
        public string[]? Devices { get; set; }
        public int? TrainingRows { get; set; }
        public Dictionary<string, double>? Scores { get; set; }
        public int? Seed { get; set; }
        public SourceDto[]? DataSources { get; set; }
        public DateTimeOffset? CreatedUtc { get; set; }
        public string? Reproduce { get; set; }

        public static Dto From(ModelCard card) => new()
        {
            Kind = card.Kind,
            Method = card.Method,
            Space = card.Space,
            Devices = card.Devices.ToArray(),
            TrainingRows = card.TrainingRows,
            Scores = card.Scores.ToDictionary(p => p.Key, p => p.Value),
            Seed = card.Seed,
            DataSources = card.DataSources.Select(s => new SourceDto { Path = s.Path, Sha256 = s.Sha256 }).ToArray(),
            CreatedUtc = card.CreatedUtc.ToUniversalTime(),
            Reproduce = card.Reproduce,
        };
    }

    private sealed class SourceDto
    {
        public string? Path { get; set; }
        public string? Sha256 { get; set; }
    }
}

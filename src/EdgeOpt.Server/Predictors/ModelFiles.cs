using System.Text.Json;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Persistence;
using EdgeOpt.Server.Domain;

namespace EdgeOpt.Server.Predictors;

/// <summary>Model bytes for the store and pretrained model files, through the learning side's persistence API.</summary>
internal static class ModelFiles
{
    public const string LatencyModelFileName = "latency.model";
    public const string LatencyCardFileName = "latency.card.json";

    public static byte[] SaveLatency(ILatencyModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        LatencyModelFile.Save(model, buffer);
        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes hold no readable model; names <paramref name="what"/>.</exception>
    public static ILatencyModel LoadLatency(byte[] bytes, string what)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return LatencyModelFile.Load(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>A pretrained latency model file and the version record its card (beside it) describes.</summary>
    public static (ILatencyModel Model, PredictorVersionRecord Draft) ReadPretrained(string file, ISearchSpace space, long nowUnixMs)
    {
        var model = LatencyModelFile.Load(file);
        if (model.Space.Id != space.Id)
            throw new InvalidDataException($"{file} holds a '{model.Space.Id}' model, not '{space.Id}'");
        string cardFile = Path.Combine(Path.GetDirectoryName(file)!, LatencyCardFileName);
        string cardJson = File.Exists(cardFile) ? File.ReadAllText(cardFile) : "";
        var draft = new PredictorVersionRecord
        {
            Method = model.Method,
            Space = space.Id,
            Devices = model.KnownDevices.ToArray(),
            CreatedUnixMs = nowUnixMs,
            Reproduce = "",
            Origin = PredictorOrigins.Pretrained,
            CardJson = cardJson,
        };
        return (model, cardJson.Length == 0 ? draft : WithCard(draft, cardJson, cardFile));
    }

    /// <summary>A pretrained accuracy predictor file as an accuracy source.</summary>
    public static IAccuracySource LoadAccuracy(string file, ISearchSpace space, string dataset)
    {
        var model = AccuracyModelFile.Load(file);
        if (model.Space.Id != space.Id)
            throw new InvalidDataException($"{file} holds a '{model.Space.Id}' accuracy model, not '{space.Id}'");
        return new ModelAccuracySource(model, $"accuracy-model:{space.Id}/{dataset}");
    }

    /// <summary>The card's fields (camelCase or PascalCase names): training rows, scores, seed, reproduce, devices.</summary>
    private static PredictorVersionRecord WithCard(PredictorVersionRecord draft, string json, string cardFile)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return draft;
            var result = draft;
            if (Get(root, "trainingRows") is { ValueKind: JsonValueKind.Number } rows && rows.TryGetInt32(out int r)) result = result with { TrainingRows = r };
            if (Get(root, "seed") is { ValueKind: JsonValueKind.Number } seed && seed.TryGetInt64(out long s)) result = result with { Seed = s };
            if (Get(root, "reproduce") is { ValueKind: JsonValueKind.String } reproduce) result = result with { Reproduce = reproduce.GetString() ?? "" };
            if (Get(root, "devices") is { ValueKind: JsonValueKind.Array } devices)
                result = result with { Devices = devices.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String).Select(d => d.GetString()!).ToArray() };
            if (Get(root, "scores") is { ValueKind: JsonValueKind.Object } scores)
            {
                result = result with
                {
                    Scores = scores.EnumerateObject()
                        .Where(p => p.Value.ValueKind == JsonValueKind.Number)
                        .ToDictionary(p => p.Name, p => p.Value.GetDouble()),
                };
            }
            return result;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{cardFile} is not a JSON model card: {e.Message}", e);
        }
    }

    private static JsonElement? Get(JsonElement obj, string name)
    {
        foreach (var p in obj.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }
}

/// <summary>Where pretrained models are looked for.</summary>
internal static class ModelsFolder
{
    /// <summary>The explicit folder, else <c>&lt;AppContext.BaseDirectory&gt;/models</c>; null when the folder does not exist.</summary>
    public static string? Locate(string? explicitDirectory)
    {
        string folder = string.IsNullOrWhiteSpace(explicitDirectory)
            ? Path.Combine(AppContext.BaseDirectory, "models")
            : Path.GetFullPath(explicitDirectory);
        return Directory.Exists(folder) ? folder : null;
    }
}

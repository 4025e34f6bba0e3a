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

    /// <summary>
    /// A pretrained latency model file as bytes to store and the version record its card (beside it) describes. With a
    /// card the model is not deserialized here (neural models take seconds to load): the catalog loads it on first
    /// use. Without a card it is loaded to learn its method and devices.
    /// </summary>
    public static (byte[] Bytes, ILatencyModel? Loaded, PredictorVersionRecord Draft) ReadPretrained(
        string modelsDirectory, ISearchSpace space, long nowUnixMs)
    {
        string file = PretrainedModels.LatencyPath(modelsDirectory, space.Id);
        byte[] bytes = File.ReadAllBytes(file);
        var draft = new PredictorVersionRecord { Space = space.Id, CreatedUnixMs = nowUnixMs, Origin = PredictorOrigins.Pretrained };
        string cardFile = PretrainedModels.LatencyCardPath(modelsDirectory, space.Id);
        if (File.Exists(cardFile))
        {
            var card = ModelCard.Load(cardFile);
            if (card.Kind != "latency" || card.Space != space.Id)
                throw new InvalidDataException($"{cardFile} is a {card.Kind} card of '{card.Space}', not the latency card of '{space.Id}'");
            return (bytes, null, draft with
            {
                Method = card.Method,
                Devices = card.Devices.ToArray(),
                TrainingRows = card.TrainingRows,
                Scores = card.Scores.ToDictionary(p => p.Key, p => p.Value),
                Seed = card.Seed,
                CreatedUnixMs = card.CreatedUtc.ToUnixTimeMilliseconds(),
                Reproduce = card.Reproduce,
                CardJson = card.ToJson(),
            });
        }
        var model = LoadLatency(bytes, file);
        if (model.Space.Id != space.Id)
            throw new InvalidDataException($"{file} holds a '{model.Space.Id}' model, not '{space.Id}'");
        return (bytes, model, draft with { Method = model.Method, Devices = model.KnownDevices.ToArray() });
    }

    /// <summary>The model card of a version trained by the server (stored with it as JSON).</summary>
    public static string CardJson(PredictorVersionRecord version) => new ModelCard
    {
        Kind = "latency",
        Method = version.Method,
        Space = version.Space,
        Devices = version.Devices,
        TrainingRows = version.TrainingRows,
        Scores = version.Scores,
        Seed = unchecked((int)version.Seed),
        CreatedUtc = DateTimeOffset.FromUnixTimeMilliseconds(version.CreatedUnixMs),
        Reproduce = version.Reproduce,
    }.ToJson();

    /// <summary>A pretrained accuracy predictor file as an accuracy source (its predictions remembered, see <see cref="CachedAccuracySource"/>).</summary>
    public static IAccuracySource LoadAccuracy(string file, ISearchSpace space, string dataset)
    {
        var model = AccuracyModelFile.Load(file);
        if (model.Space.Id != space.Id)
            throw new InvalidDataException($"{file} holds a '{model.Space.Id}' accuracy model, not '{space.Id}'");
        // Remembered per architecture: Predict requests ask for the same (often all) architectures again and again.
        return new CachedAccuracySource(new ModelAccuracySource(model, $"accuracy-model:{space.Id}/{dataset}"));
    }
}

/// <summary>Where pretrained models are looked for.</summary>
internal static class ModelsFolder
{
    /// <summary>
    /// The explicit folder when it exists (null when it does not: a server without models still runs), else
    /// <see cref="PretrainedModels.Locate"/>'s choice (EDGEOPT_MODELS, &lt;AppContext.BaseDirectory&gt;/models, a
    /// models folder above it).
    /// </summary>
    public static string? Locate(string? explicitDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
            return Directory.Exists(explicitDirectory) ? Path.GetFullPath(explicitDirectory) : null;
        return PretrainedModels.Locate(null);
    }
}

using System.Collections.Concurrent;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// The stored predictor versions and their loaded models (each deserialized once, then kept). Thread-safe.
/// </summary>
public sealed class PredictorCatalog(IFleetStore store, ILogger<PredictorCatalog> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<ILatencyModel>> _models = new(StringComparer.Ordinal);

    /// <summary>Raised after a new version is stored (the space's latest changed).</summary>
    public event Action<PredictorVersionRecord>? VersionAdded;

    /// <summary>The latest version of the space's latency predictor, or null when the space has none.</summary>
    public PredictorVersionRecord? LatestRecord(string space) => store.Predictors.Latest(PredictorIds.Latency(space));

    /// <summary>The latest version with its model, or null when the space has none.</summary>
    public LoadedPredictor? Latest(string space) => LatestRecord(space) is { } record ? Load(record) : null;

    public PredictorVersionRecord? Find(string predictorId, int version) => store.Predictors.Find(predictorId, version);

    public IReadOnlyList<PredictorVersionRecord> List(string? space) => store.Predictors.List(space);

    /// <summary>The version's model (deserialized on first use).</summary>
    public LoadedPredictor Load(PredictorVersionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var model = _models.GetOrAdd(record.Id, _ => new Lazy<ILatencyModel>(() =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var loaded = ModelFiles.LoadLatency(store.Predictors.ReadModel(record), $"predictor {record.Id}");
            logger.LogInformation("Loaded predictor {PredictorVersion} ({Method}, {Space}) in {Ms:F0} ms",
                record.Id, record.Method, record.Space, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return loaded;
        })).Value;
        return new LoadedPredictor(record, model);
    }

    /// <summary>
    /// Stores serialized model bytes as the next version of the draft's space predictor without loading them (the
    /// draft carries method and devices from the model's card); the model is deserialized on first use.
    /// </summary>
    public PredictorVersionRecord AddSerialized(PredictorVersionRecord draft, byte[] model)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(model);
        var stored = store.Predictors.Insert(draft with { PredictorId = PredictorIds.Latency(draft.Space) }, model);
        logger.LogInformation(
            "Predictor {PredictorId} v{Version} stored: {Method} on {DeviceCount} devices, {TrainingRows} rows ({Origin})",
            stored.PredictorId, stored.Version, stored.Method, stored.Devices.Length, stored.TrainingRows, stored.Origin);
        VersionAdded?.Invoke(stored);
        return stored;
    }

    /// <summary>Stores <paramref name="model"/> as the next version of its space's predictor; it becomes the latest.</summary>
    public LoadedPredictor Add(PredictorVersionRecord draft, ILatencyModel model)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(model);
        var bytes = ModelFiles.SaveLatency(model);
        var stored = store.Predictors.Insert(draft with { PredictorId = PredictorIds.Latency(draft.Space), Space = draft.Space }, bytes);
        _models[stored.Id] = new Lazy<ILatencyModel>(model);
        logger.LogInformation(
            "Predictor {PredictorId} v{Version} stored: {Method} on {DeviceCount} devices, {TrainingRows} rows ({Origin})",
            stored.PredictorId, stored.Version, stored.Method, stored.Devices.Length, stored.TrainingRows, stored.Origin);
        VersionAdded?.Invoke(stored);
        return new LoadedPredictor(stored, model);
    }
}

using EdgeOpt.Server.Domain;
using LiteDB;

namespace EdgeOpt.Server.Storage.LiteDb;

/// <summary><see cref="IPredictorStore"/> in the fleet's LiteDB file; model bytes in its file storage ("models/...").</summary>
internal sealed class LiteDbPredictorStore : IPredictorStore
{
    private readonly LiteDbFleetStore _store;
    private readonly ILiteCollection<PredictorVersionRecord> _versions;
    private readonly ILiteCollection<DeviceModelRecord> _deviceModels;
    private readonly ILiteCollection<ReportedAccuracyRecord> _accuracies;
    private readonly ILiteCollection<SignatureSetRecord> _signatureSets;
    private readonly ILiteStorage<string> _files;

    public LiteDbPredictorStore(LiteDbFleetStore store, LiteDatabase db)
    {
        _store = store;
        _versions = db.GetCollection<PredictorVersionRecord>("predictor_versions");
        _deviceModels = db.GetCollection<DeviceModelRecord>("device_models");
        _accuracies = db.GetCollection<ReportedAccuracyRecord>("reported_accuracies");
        _signatureSets = db.GetCollection<SignatureSetRecord>("signature_sets");
        _files = db.FileStorage;
        _versions.EnsureIndex(v => v.PredictorId);
        _versions.EnsureIndex(v => v.Space);
        _deviceModels.EnsureIndex(m => m.DeviceId);
        _accuracies.EnsureIndex(a => a.Design.Space);
    }

    public PredictorVersionRecord? Latest(string predictorId) =>
        _versions.Find(v => v.PredictorId == predictorId).OrderByDescending(v => v.Version).FirstOrDefault();

    public PredictorVersionRecord? Find(string predictorId, int version) =>
        _versions.FindById(PredictorVersionRecord.IdOf(predictorId, version));

    public IReadOnlyList<PredictorVersionRecord> List(string? space) =>
        (string.IsNullOrEmpty(space) ? _versions.FindAll() : _versions.Find(v => v.Space == space))
            .OrderBy(v => v.PredictorId, StringComparer.Ordinal).ThenBy(v => v.Version)
            .ToList();

    public PredictorVersionRecord Insert(PredictorVersionRecord draft, byte[] model)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(draft.PredictorId)) throw new ArgumentException("a predictor version needs its predictor id", nameof(draft));
        return _store.Atomically(() =>
        {
            int version = (Latest(draft.PredictorId)?.Version ?? 0) + 1;
            string id = PredictorVersionRecord.IdOf(draft.PredictorId, version);
            string fileId = $"models/{id}";
            using (var bytes = new MemoryStream(model, writable: false)) _files.Upload(fileId, $"{id}.model", bytes);
            var stored = draft with
            {
                Id = id,
                Version = version,
                FileId = fileId,
                ModelSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(model)),
            };
            _versions.Insert(stored);
            return stored;
        });
    }

    public byte[] ReadModel(PredictorVersionRecord version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var file = _files.FindById(version.FileId)
            ?? throw new InvalidOperationException($"predictor {version.Id}: its model file '{version.FileId}' is missing from the store");
        using var buffer = new MemoryStream();
        file.CopyTo(buffer);
        return buffer.ToArray();
    }

    public DeviceModelRecord? FindDeviceModel(string deviceId, string space, string target = "latency") =>
        _deviceModels.FindById(DeviceModelRecord.IdOf(deviceId, space, target));

    public IReadOnlyList<DeviceModelRecord> DeviceModels(string deviceId) =>
        _deviceModels.Find(m => m.DeviceId == deviceId)
            .OrderBy(m => m.Space, StringComparer.Ordinal).ThenBy(m => m.Target == "energy" ? 1 : 0).ToList();

    public void Upsert(DeviceModelRecord record) => _store.Atomically(() => _deviceModels.Upsert(record));

    public void Upsert(ReportedAccuracyRecord record) => _store.Atomically(() => _accuracies.Upsert(record));

    public IReadOnlyList<ReportedAccuracyRecord> ReportedAccuracies(string space, string? dataset) =>
        _accuracies.Find(a => a.Design.Space == space)
            .Where(a => dataset is null || a.Dataset == dataset)
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .ToList();

    public SignatureSetRecord? FindSignatureSet(string id) => _signatureSets.FindById(id);

    public void Upsert(SignatureSetRecord record) => _store.Atomically(() => _signatureSets.Upsert(record));
}

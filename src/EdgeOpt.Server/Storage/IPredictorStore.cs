using EdgeOpt.Server.Domain;

namespace EdgeOpt.Server.Storage;

/// <summary>
/// What the predictor side keeps: predictor versions (with their serialized models), how each device is modeled,
/// reported accuracies and computed signature sets. Writes commit before returning and join an enclosing
/// <see cref="IFleetStore.Atomically{T}"/>.
/// </summary>
public interface IPredictorStore
{
    /// <summary>The highest version of a predictor, or null when it has none.</summary>
    PredictorVersionRecord? Latest(string predictorId);

    PredictorVersionRecord? Find(string predictorId, int version);

    /// <summary>Versions in (predictor id, version) order, optionally of one space.</summary>
    IReadOnlyList<PredictorVersionRecord> List(string? space);

    /// <summary>
    /// Stores the next version of <paramref name="draft"/>'s predictor (latest + 1, or 1) with its model bytes;
    /// returns it as stored (id, version and file id assigned).
    /// </summary>
    PredictorVersionRecord Insert(PredictorVersionRecord draft, byte[] model);

    /// <summary>The serialized model of a stored version.</summary>
    byte[] ReadModel(PredictorVersionRecord version);

    /// <summary>How the device is modeled in the space for the target ("latency" or "energy").</summary>
    DeviceModelRecord? FindDeviceModel(string deviceId, string space, string target = "latency");

    /// <summary>A device's models in space order, latency before energy.</summary>
    IReadOnlyList<DeviceModelRecord> DeviceModels(string deviceId);

    void Upsert(DeviceModelRecord record);

    void Upsert(ReportedAccuracyRecord record);

    /// <summary>Reported accuracies of a space on a dataset (all datasets when null).</summary>
    IReadOnlyList<ReportedAccuracyRecord> ReportedAccuracies(string space, string? dataset);

    SignatureSetRecord? FindSignatureSet(string id);

    void Upsert(SignatureSetRecord record);
}

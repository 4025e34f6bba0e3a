using EdgeOpt.Server.Domain;
using LiteDB;

namespace EdgeOpt.Server.Storage.LiteDb;

internal sealed class LiteDbMeasurementStore : IMeasurementStore
{
    private readonly LiteDbFleetStore _store;
    private readonly ILiteCollection<MeasurementRecord> _measurements;
    private long _lastSeq = -1; // read and written only inside the store's write gate

    public LiteDbMeasurementStore(LiteDbFleetStore store, ILiteCollection<MeasurementRecord> measurements)
    {
        _store = store;
        _measurements = measurements;
        _measurements.EnsureIndex(m => m.DeviceId);
        _measurements.EnsureIndex(m => m.Seq, unique: true);
    }

    public MeasurementRecord? Find(string id) => _measurements.FindById(id);

    public IReadOnlyList<MeasurementRecord> List(string? deviceId, string? space)
    {
        var query = _measurements.Query();
        if (!string.IsNullOrEmpty(deviceId)) query = query.Where(m => m.DeviceId == deviceId);
        if (!string.IsNullOrEmpty(space)) query = query.Where(m => m.Design.Space == space);
        return query.OrderBy(m => m.Seq).ToList();
    }

    public MeasurementRecord Insert(MeasurementRecord measurement) => _store.Atomically(() =>
    {
        if (_lastSeq < 0) _lastSeq = _measurements.Count() == 0 ? 0 : _measurements.Max(m => m.Seq);
        var stored = measurement with { Seq = _lastSeq + 1 };
        _measurements.Insert(stored);
        _lastSeq = stored.Seq;
        return stored;
    });
}

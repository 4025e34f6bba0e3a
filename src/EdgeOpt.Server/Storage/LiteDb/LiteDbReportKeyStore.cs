using EdgeOpt.Server.Domain;
using LiteDB;

namespace EdgeOpt.Server.Storage.LiteDb;

internal sealed class LiteDbReportKeyStore : IReportKeyStore
{
    private readonly LiteDbFleetStore _store;
    private readonly ILiteCollection<ReportKeyRecord> _keys;

    public LiteDbReportKeyStore(LiteDbFleetStore store, ILiteCollection<ReportKeyRecord> keys)
    {
        _store = store;
        _keys = keys;
        _keys.EnsureIndex(k => k.CreatedUnixMs);
    }

    public ReportKeyRecord? Find(string deviceId, string key) => _keys.FindById(ReportKeyRecord.IdOf(deviceId, key));

    public void Insert(ReportKeyRecord record) => _store.Atomically(() => _keys.Insert(record));

    public int DeleteCreatedBefore(long unixMs) => _store.Atomically(() => _keys.DeleteMany(k => k.CreatedUnixMs < unixMs));
}

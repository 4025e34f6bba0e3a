using EdgeOpt.Server.Domain;
using LiteDB;

namespace EdgeOpt.Server.Storage.LiteDb;

internal sealed class LiteDbDeviceStore : IDeviceStore
{
    private readonly LiteDbFleetStore _store;
    private readonly ILiteCollection<DeviceRecord> _devices;

    public LiteDbDeviceStore(LiteDbFleetStore store, ILiteCollection<DeviceRecord> devices)
    {
        _store = store;
        _devices = devices;
        _devices.EnsureIndex(d => d.Name);
    }

    public DeviceRecord? Find(string id) => _devices.FindById(id);

    public IReadOnlyList<DeviceRecord> List(bool includeRetired) =>
        _devices.FindAll()
            .Where(d => includeRetired || d.State != DeviceState.Retired)
            .OrderBy(d => d.RegisteredUnixMs).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    public DeviceRecord? FindActiveByName(string name) =>
        _devices.Find(d => d.Name == name).FirstOrDefault(d => d.State != DeviceState.Retired);

    public void Insert(DeviceRecord device) => _store.Atomically(() => _devices.Insert(device));

    public void Update(DeviceRecord device) => _store.Atomically(() => Require(_devices.Update(device), device.Id));

    private static void Require(bool updated, string id)
    {
        if (!updated) throw new InvalidOperationException($"device '{id}' vanished from the store during an update");
    }
}

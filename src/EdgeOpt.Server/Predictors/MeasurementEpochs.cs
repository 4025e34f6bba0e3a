using System.Collections.Concurrent;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Each device's stored measurements per space as <see cref="DeviceObservations"/>, read from the store once per
/// change: the report path calls <see cref="Changed"/> after a batch commits, which bumps the device's epoch.
/// Thread-safe.
/// </summary>
public sealed class MeasurementEpochs(IFleetStore store)
{
    private readonly ConcurrentDictionary<string, long> _epochs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Device, string Space), (long Epoch, DeviceObservations Observations)> _cache = new();

    /// <summary>The device's measurements changed (called once a report batch is committed).</summary>
    public void Changed(string deviceId) => _epochs.AddOrUpdate(deviceId, 1, (_, e) => e + 1);

    public long EpochOf(string deviceId) => _epochs.GetValueOrDefault(deviceId);

    /// <summary>The device's measurements of the space (read from the store when they changed since the last read).</summary>
    public DeviceObservations Observations(string deviceId, ISearchSpace space)
    {
        long epoch = EpochOf(deviceId);
        if (_cache.TryGetValue((deviceId, space.Id), out var cached) && cached.Epoch == epoch) return cached.Observations;
        var observations = DeviceObservations.From(space, store.Measurements.List(deviceId, space.Id));
        _cache[(deviceId, space.Id)] = (epoch, observations);
        return observations;
    }
}

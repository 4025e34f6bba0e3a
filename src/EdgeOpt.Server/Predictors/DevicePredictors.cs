using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// <see cref="IDevicePredictors"/> over the store: a device's predictor is built by <see cref="DeviceModeler"/> off the
/// request thread and kept for its (device, space, version, measurement count), the newest one per device and space.
/// </summary>
public sealed class DevicePredictors(
    IFleetStore store, PredictorCatalog catalog, MeasurementEpochs measurements, DeviceModeler modeler) : IDevicePredictors
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Device, string Space), (string Key, Task<DeviceModeling> Modeling)> _cache = new();

    public async Task<DevicePredictor> ForDeviceAsync(string deviceId, string space, CancellationToken ct) =>
        (await ModelDeviceAsync(deviceId, space, ct).ConfigureAwait(false)).Predictor;

    /// <summary>As <see cref="ForDeviceAsync"/>, with the proxy decision and its evidence.</summary>
    public Task<DeviceModeling> ModelDeviceAsync(string deviceId, string space, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        var searchSpace = RequireSpace(space);
        if (store.Devices.Find(deviceId) is null) throw FleetException.NotFound($"device '{deviceId}' not found");
        var latest = RequireLatest(searchSpace);
        var observations = measurements.Observations(deviceId, searchSpace).Fp32;
        if (observations.Count == 0) throw FleetException.Precondition($"device {deviceId} has no {searchSpace.Id} measurements yet");

        string key = $"{latest.Record.Id}|{observations.Count}|{measurements.EpochOf(deviceId)}";
        Task<DeviceModeling> modeling;
        lock (_gate)
        {
            if (_cache.TryGetValue((deviceId, searchSpace.Id), out var cached) && cached.Key == key && !cached.Modeling.IsFaulted && !cached.Modeling.IsCanceled)
                return cached.Modeling.WaitAsync(ct);
            // Not tied to this caller's token: a later caller may wait for the same build.
            modeling = Task.Run(() => modeler.Model(latest, searchSpace, deviceId, observations, CancellationToken.None), CancellationToken.None);
            _cache[(deviceId, searchSpace.Id)] = (key, modeling);
        }
        return modeling.WaitAsync(ct);
    }

    public async Task<DevicePredictor> ForFeaturesAsync(string space, IReadOnlyList<LatencyObservation> points, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(points);
        var searchSpace = RequireSpace(space);
        var latest = RequireLatest(searchSpace);
        if (points.Count == 0) throw FleetException.Invalid("device.features.points is empty; send at least one measured architecture");
        var modeling = await Task.Run(() => modeler.Model(latest, searchSpace, "", points, ct), ct).ConfigureAwait(false);
        return modeling.Predictor;
    }

    private LoadedPredictor RequireLatest(ISearchSpace space) =>
        catalog.Latest(space.Id) ?? throw FleetException.Precondition(
            $"no {space.Id} latency predictor yet: start the server with a pretrained model (ModelsDirectory) or train one " +
            $"(edgeopt predictor train --space {space.Id})");

    private static ISearchSpace RequireSpace(string space) =>
        SearchSpaces.TryGet(space, out var s)
            ? s
            : throw FleetException.Invalid($"space '{space}' is not a known search space; allowed: {string.Join(", ", SearchSpaces.Ids)}");
}

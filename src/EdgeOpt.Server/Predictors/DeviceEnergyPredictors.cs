using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.CostComponents;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Proxy;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// A device's energy predictor in one space: total mJ per inference of designs, learned from the device's own
/// energy measurements alone.
/// </summary>
/// <param name="Costs">fp32 predictor plus the precision factors of the device's quantized energy measurements.</param>
/// <param name="Observations">The fp32 energy measurements (mJ) the predictor was adapted to.</param>
/// <param name="Source">What energy figures name as their source.</param>
/// <param name="Decision">How the predictor was built: "proxy-reuse" or "proxy-adapt" (a proxy device's energies) or
/// "device-alone" (<see cref="DeviceDecisions"/>).</param>
/// <param name="ProxyDecision">The proxy workflow's decision with its evidence; null on the device-alone path.</param>
public sealed record DeviceEnergy(
    DesignCostModel Costs, IReadOnlyList<LatencyObservation> Observations, string Source, string Decision, ProxyDecision? ProxyDecision = null)
{
    /// <summary>The chosen proxy device, empty on the device-alone path.</summary>
    public string Proxy => ProxyDecision?.Proxy ?? "";

    /// <summary>The proxy decision as JSON (its evidence), empty on the device-alone path.</summary>
    public string EvidenceJson => ProxyDecision?.ToJson() ?? "";
}

/// <summary>
/// Energy predictors per device and space. The proxy path comes first, as for latency and through the same code
/// (<see cref="DeviceModeler.TryProxy"/> with <see cref="CostTarget.Energy"/>): when other devices of the fleet have at
/// least <see cref="ServerOptions.ProxyMinimumMeasurements"/> energy measurements in the space, the proxy workflow picks
/// one on the device's own energy measurements and reuses or adapts its energies (decision and evidence recorded by
/// <see cref="DeviceModelingWorker"/>). Otherwise ("device-alone"), as there is no cross-device energy model, a latency
/// method's no-known-device path (fitted on <see cref="LatencyTrainingData.None"/>: architecture features plus the device's own measurements)
/// is adapted to the device's energy observations. The method is <c>cost-components</c>, the one
/// <see cref="LatencyMethods.Default"/> itself falls back on without known devices for convnet: energy per inference
/// is a sum over operators (plus idle power times time), which is that model's additive form; neural-linear alone on
/// nb201 has one effect per operator choice and, from a 10-architecture signature, missed a synthetic metered device
/// by about 50 % MAPE where cost-components fit it (EnergyTests). Built once per
/// (device, space, measurement epoch, count) off the request thread. A device whose measurements carry no energy gets
/// a FailedPrecondition: energy is never invented. Thread-safe.
/// </summary>
public sealed class DeviceEnergyPredictors(IFleetStore store, MeasurementEpochs measurements, DeviceModeler modeler, ProxyDevices proxies)
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Device, string Space), (string Key, Task<DeviceEnergy> Energy)> _cache = new();
    private readonly Dictionary<string, ILatencyModel> _models = new(StringComparer.Ordinal);

    /// <summary>The device's energy predictor in <paramref name="space"/>.</summary>
    /// <param name="field">The request field that asked for energy, for the error message.</param>
    /// <exception cref="FleetException">NotFound for an unknown device; FailedPrecondition when it has no energy measurements.</exception>
    public Task<DeviceEnergy> ForDeviceAsync(string deviceId, ISearchSpace space, string field, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        ArgumentNullException.ThrowIfNull(space);
        var device = store.Devices.Find(deviceId) ?? throw FleetException.NotFound($"device '{deviceId}' not found");
        var observations = measurements.Observations(deviceId, space);
        if (observations.EnergyFp32.Count == 0)
            throw FleetException.Precondition(NoEnergyMessage(deviceId, device.Profile.EnergyMeters, space, observations, field));

        string key = $"{observations.EnergyFp32.Count}|{observations.EnergyQuantized.Count}|{measurements.EpochOf(deviceId)}|{ProxyKey(space, deviceId)}";
        Task<DeviceEnergy> energy;
        lock (_gate)
        {
            if (_cache.TryGetValue((deviceId, space.Id), out var cached) && cached.Key == key && !cached.Energy.IsFaulted && !cached.Energy.IsCanceled)
                return cached.Energy.WaitAsync(ct);
            energy = Task.Run(() => Build(space, deviceId, observations), CancellationToken.None);
            _cache[(deviceId, space.Id)] = (key, energy);
        }
        return energy.WaitAsync(ct);
    }

    private DeviceEnergy Build(ISearchSpace space, string deviceId, DeviceObservations observations)
    {
        var model = ModelFor(space);
        var count = observations.EnergyFp32.Count;
        if (modeler.TryProxy(space, deviceId, observations.EnergyFp32, CostTarget.Energy) is { } proxied)
        {
            var decision = DeviceDecisions.ForProxy(proxied.Decision.Decision);
            return new DeviceEnergy(
                new DesignCostModel(proxied.Predictor, observations.EnergyQuantized, o => model.Adapt(o), quantity: "energy"),
                observations.EnergyFp32,
                $"{decision} (proxy {proxied.Decision.Proxy}'s energies) on the device's own {count} energy measurement(s) (total mJ per inference)",
                decision, proxied.Decision);
        }
        var predictor = model.Adapt(observations.EnergyFp32);
        var costs = new DesignCostModel(predictor, observations.EnergyQuantized, o => model.Adapt(o), quantity: "energy");
        return new DeviceEnergy(costs, observations.EnergyFp32,
            $"{model.Method} on the device's own {count} energy measurement(s) (total mJ per inference)", DeviceDecisions.DeviceAlone);
    }

    /// <summary>The fleet's energy proxies as a cache key part: a new or grown proxy rebuilds the predictor.</summary>
    private string ProxyKey(ISearchSpace space, string deviceId) =>
        proxies.For(space, deviceId, CostTarget.Energy) is { } known
            ? string.Join(",", known.Devices.Select((d, i) => $"{d}:{known.MeasuredCount(i)}"))
            : "";

    /// <summary>The space's device-alone model (no known device, so it depends only on the space): fitted once.</summary>
    private ILatencyModel ModelFor(ISearchSpace space)
    {
        lock (_models)
        {
            if (!_models.TryGetValue(space.Id, out var model))
            {
                model = LatencyMethods.Create(CostComponentTrainer.MethodName, seed: 0).Fit(LatencyTrainingData.None(space), CancellationToken.None);
                _models[space.Id] = model;
            }
            return model;
        }
    }

    private static string NoEnergyMessage(string deviceId, string[] meters, ISearchSpace space, DeviceObservations observations, string field)
    {
        var why = meters.Length == 0
            ? $"device '{deviceId}' has no energy meter (it reports none of rapl, nvml, ina, command)"
            : $"device '{deviceId}' reports energy meters ({string.Join(", ", meters)}) but none of its {observations.Fp32.Count} fp32 {space.Id} measurement(s) carries energy";
        return $"{field}: {why}, so its energy cannot be predicted; energy is only predicted from the device's own energy measurements";
    }
}

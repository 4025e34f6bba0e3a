using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Proxy;
using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// The fleet's devices that can act as proxies in a space for a target: those with at least
/// <see cref="ServerOptions.ProxyMinimumMeasurements"/> fp32 measurements of it there (latencies, or energies for
/// <see cref="CostTarget.Energy"/>). Their figures are built into a <see cref="KnownDeviceLatencies"/> (the table is
/// unit-agnostic: ms or mJ) once per change of the set or of its devices' measurements. Thread-safe.
/// </summary>
public sealed class ProxyDevices(IFleetStore store, MeasurementEpochs measurements, IOptions<ServerOptions> options)
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Space, CostTarget Target), (string Key, KnownDeviceLatencies Known)> _cache = new();

    /// <summary>
    /// The known devices of the space for <paramref name="target"/> other than <paramref name="excludeDeviceId"/>, or
    /// null when there is none.
    /// </summary>
    public KnownDeviceLatencies? For(ISearchSpace space, string excludeDeviceId, CostTarget target = CostTarget.Latency)
    {
        int minimum = options.Value.ProxyMinimumMeasurements;
        var proxies = store.Devices.List(includeRetired: true)
            .Where(d => d.Id != excludeDeviceId)
            .Select(d => (d.Id, Observations: measurements.Observations(d.Id, space).Of(target)))
            .Where(p => p.Observations.Count >= minimum)
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        if (proxies.Count == 0) return null;
        string key = string.Join(";", proxies.Select(p => $"{p.Id}:{measurements.EpochOf(p.Id)}:{p.Observations.Count}"));
        lock (_gate)
        {
            if (_cache.TryGetValue((space.Id, target), out var cached) && cached.Key == key) return cached.Known;
        }
        var known = new KnownDeviceLatencies(Table(space, proxies), options.Value.PredictorSeed);
        lock (_gate) _cache[(space.Id, target)] = (key, known);
        return known;
    }

    /// <summary>Rows: every architecture measured on any proxy; columns: the proxies (device ids).</summary>
    internal static LatencyTrainingData Table(ISearchSpace space, IReadOnlyList<(string Id, IReadOnlyList<LatencyObservation> Observations)> devices)
    {
        var rows = new Dictionary<Architecture, int>();
        var order = new List<Architecture>();
        foreach (var (_, observations) in devices)
            foreach (var o in observations)
                if (rows.TryAdd(o.Architecture, order.Count)) order.Add(o.Architecture);
        var columns = devices.Select(d =>
        {
            var values = new double?[order.Count];
            foreach (var o in d.Observations) values[rows[o.Architecture]] = o.Value;
            return new DeviceColumn(d.Id, values);
        }).ToList();
        var table = new MeasurementTable(space.Id, order.Select(space.Format).ToArray(), null, columns);
        return LatencyTrainingData.From(table, space);
    }
}

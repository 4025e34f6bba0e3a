using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Server.Domain;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// A device's stored measurements of one space as learning inputs: fp32 architectures as latency observations
/// (median ms, one per architecture: the latest measurement wins, in order of first arrival) and quantized designs as
/// design observations. Measurements that carry energy give the same two lists in total mJ per inference
/// (<see cref="EnergyFp32"/>, <see cref="EnergyQuantized"/>); a device without a meter has none.
/// </summary>
public sealed record DeviceObservations(IReadOnlyList<LatencyObservation> Fp32, IReadOnlyList<DesignObservation> Quantized)
{
    /// <summary>fp32 architectures with measured energy (total mJ per inference), one per architecture, latest wins.</summary>
    public IReadOnlyList<LatencyObservation> EnergyFp32 { get; init; } = [];

    /// <summary>Quantized designs with measured energy (total mJ per inference).</summary>
    public IReadOnlyList<DesignObservation> EnergyQuantized { get; init; } = [];

    public static DeviceObservations From(ISearchSpace space, IEnumerable<MeasurementRecord> measurements)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(measurements);
        var fp32 = new Dictionary<Architecture, int>();
        var fp32List = new List<LatencyObservation>();
        var quantized = new Dictionary<Design, int>();
        var quantizedList = new List<DesignObservation>();
        var energyFp32 = new Keeper<Architecture, LatencyObservation>();
        var energyQuantized = new Keeper<Design, DesignObservation>();
        foreach (var m in measurements)
        {
            if (m.Design.Space != space.Id || !(m.Latency.MedianMs > 0) || !double.IsFinite(m.Latency.MedianMs)) continue;
            if (!space.TryParse(m.Design.Arch, out var architecture, out _)) continue;
            var precisions = m.Design.Precisions.Select(PrecisionNames.Parse).ToArray();
            double? energy = m.Energy is { TotalMj: > 0 and var e } && double.IsFinite(e) ? e : null;
            if (precisions.Length == 0 || precisions.All(p => p == Precision.Fp32))
            {
                if (energy is { } fp32Energy) energyFp32.Put(architecture!, new LatencyObservation(architecture!, fp32Energy));
                var observation = new LatencyObservation(architecture!, m.Latency.MedianMs);
                if (fp32.TryGetValue(architecture!, out int at)) fp32List[at] = observation;
                else
                {
                    fp32[architecture!] = fp32List.Count;
                    fp32List.Add(observation);
                }
            }
            else if (precisions.Length == space.PrecisionSlots)
            {
                var design = new Design(architecture!, new QuantizationPolicy(precisions));
                if (energy is { } designEnergy) energyQuantized.Put(design, new DesignObservation(design, designEnergy));
                var observation = new DesignObservation(design, m.Latency.MedianMs);
                if (quantized.TryGetValue(design, out int at)) quantizedList[at] = observation;
                else
                {
                    quantized[design] = quantizedList.Count;
                    quantizedList.Add(observation);
                }
            }
        }
        return new DeviceObservations(fp32List, quantizedList) { EnergyFp32 = energyFp32.Items, EnergyQuantized = energyQuantized.Items };
    }

    /// <summary>One item per key in order of first arrival; a later item replaces an earlier one.</summary>
    private sealed class Keeper<TKey, TItem> where TKey : notnull
    {
        private readonly Dictionary<TKey, int> _at = new();
        public List<TItem> Items { get; } = [];

        public void Put(TKey key, TItem item)
        {
            if (_at.TryGetValue(key, out int at)) Items[at] = item;
            else
            {
                _at[key] = Items.Count;
                Items.Add(item);
            }
        }
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Server.Domain;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// A device's stored measurements of one space as learning inputs: fp32 architectures as latency observations
/// (median ms, one per architecture: the latest measurement wins, in order of first arrival) and quantized designs as
/// design observations.
/// </summary>
public sealed record DeviceObservations(IReadOnlyList<LatencyObservation> Fp32, IReadOnlyList<DesignObservation> Quantized)
{
    public static DeviceObservations From(ISearchSpace space, IEnumerable<MeasurementRecord> measurements)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(measurements);
        var fp32 = new Dictionary<Architecture, int>();
        var fp32List = new List<LatencyObservation>();
        var quantized = new Dictionary<Design, int>();
        var quantizedList = new List<DesignObservation>();
        foreach (var m in measurements)
        {
            if (m.Design.Space != space.Id || !(m.Latency.MedianMs > 0) || !double.IsFinite(m.Latency.MedianMs)) continue;
            if (!space.TryParse(m.Design.Arch, out var architecture, out _)) continue;
            var precisions = m.Design.Precisions.Select(PrecisionNames.Parse).ToArray();
            if (precisions.Length == 0 || precisions.All(p => p == Precision.Fp32))
            {
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
                var observation = new DesignObservation(design, m.Latency.MedianMs);
                if (quantized.TryGetValue(design, out int at)) quantizedList[at] = observation;
                else
                {
                    quantized[design] = quantizedList.Count;
                    quantizedList.Add(observation);
                }
            }
        }
        return new DeviceObservations(fp32List, quantizedList);
    }
}

using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

/// <summary>
/// Synthetic NAS-Bench-201 devices whose latency is a known sum of per-edge, per-operation costs (ms), each device
/// with its own cost table, so that the rank agreement between devices is known exactly.
/// </summary>
internal static class ProxyTestFleet
{
    public static readonly ISearchSpace Space = SearchSpaces.Nb201;

    /// <summary>Per-operation costs (none, skip, conv1x1, conv3x3, avg_pool) of the known devices.</summary>
    public static readonly IReadOnlyDictionary<string, double[]> KnownCosts = new Dictionary<string, double[]>
    {
        ["gpu"] = [0, 0.10, 1.0, 2.0, 0.5],
        ["cpu"] = [0, 0.20, 0.6, 4.0, 1.8],
        ["dsp"] = [0, 0.05, 2.5, 1.2, 3.0],
    };

    /// <summary>Costs unlike every known device's: 1x1 convolutions and skips dear, 3x3 convolutions and pooling cheap.</summary>
    public static readonly double[] DifferentCosts = [0, 1.5, 3.0, 0.4, 0.2];

    /// <summary>1 ms + the sum over the six edges of cost[op] × (1 + 0.15 × edge).</summary>
    public static double Latency(Architecture architecture, IReadOnlyList<double> costs)
    {
        var total = 1.0;
        for (var e = 0; e < architecture.Choices.Count; e++) total += costs[architecture.Choices[e]] * (1 + 0.15 * e);
        return total;
    }

    /// <summary>Default options with fewer bootstrap resamples, for tests whose subject is not the bootstrap.</summary>
    public static ProxyOptions Quick => new() { Resamples = 500 };

    public static Architecture[] Architectures(int count = 500, int seed = 3) =>
        ArchitectureSampling.Distinct(Space, count, seed).ToArray();

    /// <summary>The known devices' table over the architectures.</summary>
    public static MeasurementTable KnownTable(IReadOnlyList<Architecture> architectures) => new(
        Space.Id, architectures.Select(Space.Format).ToArray(), null,
        KnownCosts.Select(pair => new DeviceColumn(pair.Key, architectures.Select(a => (double?)Latency(a, pair.Value)).ToArray())).ToArray());

    public static KnownDeviceLatencies Known(MeasurementTable table, int seed = 0) =>
        new(LatencyTrainingData.From(table, Space), seed);

    public static DeviceMeasurementSession Session(IReadOnlyList<Architecture> architectures, Func<Architecture, double> latency, int budget) =>
        new("new", architectures, architectures.Select(latency).ToArray(), budget);
}

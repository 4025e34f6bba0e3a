using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Tests.Support;

/// <summary>
/// Made-up measurements whose answer is known: NAS-Bench-201 cells whose base cost is 1 ms plus a per-edge,
/// per-operation cost, and devices that run them at their own speed (base cost × speed), optionally with
/// log-normal measurement noise. Seeded.
/// </summary>
public static class SyntheticFleet
{
    public static readonly ISearchSpace Space = SearchSpaces.Nb201;

    /// <summary>Distinct random cells.</summary>
    public static Architecture[] Architectures(int count, int seed)
    {
        var random = new Random(seed);
        var set = new HashSet<Architecture>();
        while (set.Count < count) set.Add(Space.Sample(random));
        return set.ToArray();
    }

    /// <summary>The base cost in ms: 1 + sum over edges of a fixed cost per (edge, operation) between 0 and 3.</summary>
    public static double BaseCost(Architecture architecture)
    {
        var cost = 1.0;
        for (var e = 0; e < architecture.Choices.Count; e++)
            cost += ((architecture.Choices[e] * 7 + e * 3) % 11) * 0.3 * (architecture.Choices[e] == 0 ? 0 : 1);
        return cost;
    }

    /// <summary>A table with one column per device: base cost × speed × exp(noise · N(0, 1)).</summary>
    public static MeasurementTable Table(IReadOnlyList<Architecture> architectures, IReadOnlyDictionary<string, double> speeds, double noise, int seed)
    {
        var random = new Random(seed);
        var columns = speeds.Select(pair => new DeviceColumn(pair.Key,
            architectures.Select(a => (double?)(BaseCost(a) * pair.Value * Math.Exp(noise * Gaussian(random)))).ToArray()));
        return new MeasurementTable(Space.Id, architectures.Select(Space.Format).ToArray(), null, columns.ToArray());
    }

    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

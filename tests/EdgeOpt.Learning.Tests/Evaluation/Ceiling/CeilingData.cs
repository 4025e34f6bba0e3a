using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Tests.Evaluation.Ceiling;

/// <summary>
/// Synthetic recordings for the ceiling tests: distinct random architectures in file order whose log latency is an
/// additive sum of per-(decision, choice) effects, plus what a test adds per row (drift in row order, noise).
/// </summary>
internal static class CeilingData
{
    /// <summary>Per-(decision, choice) effects in log units, uniform in [0, 0.1), seeded.</summary>
    public static double[][] Effects(ISearchSpace space, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, space.DecisionCount)
            .Select(d => space.OptionsAt(d).Select(_ => 0.1 * random.NextDouble()).ToArray()).ToArray();
    }

    public static double AdditiveLog(Architecture architecture, double[][] effects) =>
        architecture.Choices.Select((choice, d) => effects[d][choice]).Sum();

    /// <summary>
    /// One table of <paramref name="rows"/> architectures with one column per device: latency (ms) =
    /// exp(log 2 + additive part · <paramref name="additiveScale"/> + extra(row)).
    /// </summary>
    public static MeasurementTable Table(
        ISearchSpace space, int rows, int seed, params (string Device, double AdditiveScale, Func<int, double> Extra)[] devices)
    {
        var architectures = ArchitectureSampling.Distinct(space, rows, seed);
        var effects = Effects(space, seed + 1);
        var columns = devices.Select(d => new DeviceColumn(d.Device, architectures
            .Select((a, i) => (double?)Math.Exp(Math.Log(2) + d.AdditiveScale * AdditiveLog(a, effects) + d.Extra(i))).ToArray()));
        return new MeasurementTable(space.Id, architectures.Select(space.Format).ToArray(), null, columns);
    }

    /// <summary>A slow drift in row order: amplitude · sin(2π i / period) in log units.</summary>
    public static Func<int, double> Sine(double amplitude, double period) => i => amplitude * Math.Sin(2 * Math.PI * i / period);

    /// <summary>Independent normal noise per row, in log units, seeded.</summary>
    public static Func<int, double> Noise(double sigma, int seed, int rows)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, rows).Select(_ => sigma * Gaussian(random)).ToArray();
        return i => values[i];
    }

    public static Func<int, double> None { get; } = _ => 0.0;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

using System.Collections.Concurrent;
using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency.CostComponents;

/// <summary>The model of <see cref="CostComponentTrainer"/>: every device is fitted from its own measurements.</summary>
internal sealed class CostComponentModel(ISearchSpace space, string[] knownDevices) : ILatencyModel
{
    private const int MaxCached = 300_000;
    private readonly ConcurrentDictionary<Architecture, double[]> _components = new();

    public string Method => CostComponentTrainer.MethodName;

    public ISearchSpace Space { get; } = space;

    public IReadOnlyList<string> KnownDevices { get; } = knownDevices;

    /// <summary>The cost components of an architecture's network (cached).</summary>
    public double[] Components(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (_components.TryGetValue(architecture, out var cached)) return cached;
        var value = CostComponentVector.FromNetwork(NetworkDefinitions.Build(architecture));
        if (_components.Count < MaxCached) _components.TryAdd(architecture, value);
        return value;
    }

    public IReadOnlyList<int> ChooseMeasurements(
        IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, int count)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(observed);
        if (count <= 0) return [];
        var seen = observed.Select(o => o.Architecture).ToHashSet();
        var open = Enumerable.Range(0, candidates.Count).Where(i => !seen.Contains(candidates[i])).ToArray();
        if (open.Length == 0) return [];
        var all = candidates.Select(Components).ToArray();
        var (columns, mean, scale) = Standardization(all);
        var points = open.Select(i => Describe(all[i], columns, mean, scale)).ToArray();
        var measured = observed.Select(o => Describe(Components(o.Architecture), columns, mean, scale)).ToArray();
        return SpaceFillingDesign.Select(points, measured, count).Select(p => open[p]).ToArray();
    }

    public IDeviceLatencyPredictor Adapt(IReadOnlyList<LatencyObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0) throw new ArgumentException("at least one measurement is needed to adapt", nameof(observations));
        var regression = AdditiveCostRegression.Fit(
            observations.Select(o => Components(o.Architecture)).ToArray(), observations.Select(o => o.Value).ToArray());
        return new Predictor(this, regression, observations.ToArray());
    }

    /// <summary>Columns that vary, with the mean and inverse deviation of their log(1 + x).</summary>
    internal static (int[] Columns, double[] Mean, double[] Scale) Standardization(IReadOnlyList<double[]> components)
    {
        var p = components[0].Length;
        var columns = new List<int>();
        var means = new List<double>();
        var scales = new List<double>();
        for (var j = 0; j < p; j++)
        {
            var logs = components.Select(c => Math.Log(1 + Math.Max(0, c[j]))).ToArray();
            var mean = logs.Average();
            var sd = Math.Sqrt(logs.Average(v => (v - mean) * (v - mean)));
            if (sd < 1e-9) continue;
            columns.Add(j);
            means.Add(mean);
            scales.Add(1 / sd);
        }
        return (columns.ToArray(), means.ToArray(), scales.ToArray());
    }

    internal static double[] Describe(double[] c, int[] columns, double[] mean, double[] scale)
    {
        var z = new double[columns.Length];
        for (var d = 0; d < z.Length; d++) z[d] = (Math.Log(1 + Math.Max(0, c[columns[d]])) - mean[d]) * scale[d];
        return z;
    }

    private sealed class Predictor(CostComponentModel model, AdditiveCostRegression regression, LatencyObservation[] observations)
        : IDeviceLatencyPredictor
    {
        public IReadOnlyList<LatencyObservation> Observations => observations;

        public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
        {
            ArgumentNullException.ThrowIfNull(architectures);
            return architectures.Select(a => regression.Predict(model.Components(a))).ToArray();
        }
    }
}

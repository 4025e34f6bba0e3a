using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency.Design;

namespace EdgeOpt.Learning.Latency.Ridge;

/// <summary>The trained "ridge" model (see <see cref="RidgeLatencyTrainer"/>).</summary>
internal sealed class RidgeLatencyModel : ILatencyModel
{
    private const double FallbackVariance = 0.05;
    private readonly ArchitectureFeaturizer _featurizer;
    private readonly KnownDeviceBasis? _basis;
    private readonly int _seed;

    public RidgeLatencyModel(ISearchSpace space, string[] knownDevices, ArchitectureFeaturizer featurizer, KnownDeviceBasis? basis, int seed)
    {
        Space = space;
        KnownDevices = knownDevices;
        _featurizer = featurizer;
        _basis = basis;
        _seed = seed;
    }

    public string Method => RidgeLatencyTrainer.MethodName;

    public ISearchSpace Space { get; }

    public IReadOnlyList<string> KnownDevices { get; }

    /// <summary>The state <see cref="Persistence.LatencyModelFile"/> saves.</summary>
    internal ArchitectureFeaturizer Featurizer => _featurizer;

    internal KnownDeviceBasis? Basis => _basis;

    internal int Seed => _seed;

    private double[] Features(Architecture architecture) =>
        _basis?.Of(architecture) ?? _featurizer.FeaturizeStandardized(architecture);

    public IReadOnlyList<int> ChooseMeasurements(
        IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, int count)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(observed);
        var points = candidates.Select(Features).ToList();
        var index = new Dictionary<Architecture, int>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++) index.TryAdd(candidates[i], i);
        var conditioned = new List<int>();
        foreach (var o in observed)
        {
            if (index.TryGetValue(o.Architecture, out var i)) conditioned.Add(i);
            else { conditioned.Add(points.Count); points.Add(Features(o.Architecture)); }
        }
        var dimension = points.Count == 0 ? 1 : points[0].Length;
        var kernel = new LinearFeatureKernel(points, 1.0 / dimension, 1.0);
        return GreedyVarianceDesign.Select(kernel, i => i < candidates.Count, conditioned, count, noise: 0.01, _seed);
    }

    public IDeviceLatencyPredictor Adapt(IReadOnlyList<LatencyObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0) throw new ArgumentException("at least one measurement is needed to adapt", nameof(observations));
        var features = observations.Select(o => Features(o.Architecture)).ToArray();
        var targets = observations.Select(o => Math.Log(o.Value)).ToArray();
        var ridge = CenteredRidge.Fit(features, targets, CenteredRidge.LambdaGrid(features[0].Length), FallbackVariance);
        return new Predictor(this, ridge, observations.ToArray());
    }

    private sealed class Predictor(RidgeLatencyModel model, CenteredRidge ridge, LatencyObservation[] observations) : IDeviceLatencyPredictor
    {
        public IReadOnlyList<LatencyObservation> Observations => observations;

        public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
        {
            ArgumentNullException.ThrowIfNull(architectures);
            var result = new LatencyPrediction[architectures.Count];
            for (var i = 0; i < result.Length; i++)
            {
                var z = model.Features(architectures[i]);
                result[i] = new LatencyPrediction(ridge.Predict(z), Math.Sqrt(ridge.PredictiveVariance(z)));
            }
            return result;
        }
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency.Design;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>The trained "neural-linear" model (see <see cref="NeuralLinearTrainer"/>).</summary>
internal sealed class NeuralLinearModel : ILatencyModel
{
    /// <summary>Prior variance of the intercept when no device is known (log units): effectively free.</summary>
    private const double VagueIntercept = 1e4;

    /// <summary>Without known devices and with graph features: scales of the prior on their linear effect.</summary>
    private static readonly double[] GraphScales = [0.03, 0.1, 0.3, 1, 3];

    private static readonly double[] HeadScales = [0.25, 0.5, 1, 2, 4];
    private static readonly double[] OptionVariances = [0, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3];
    private static readonly double[] NoiseFactors = [1.0 / 16, 0.25, 1, 4, 16, 64, 256];

    /// <summary>Independent spread (log units) of degenerate architectures' costs when they are modelled apart.</summary>
    private const double DegenerateSpread = 1.0;

    private readonly ArchitectureFeaturizer _featurizer;
    private readonly EmbeddingMember[] _members;
    private readonly Dictionary<Architecture, KernelPoint> _pool;
    private readonly double _noise;
    private readonly NeuralLinearTrainer.Options _options;

    /// <param name="members">Trained embeddings with their head priors (none without known devices); their kernels are averaged.</param>
    public NeuralLinearModel(ISearchSpace space, string[] knownDevices, ArchitectureFeaturizer featurizer,
        IReadOnlyList<EmbeddingMember> members, IReadOnlyList<Architecture> pool, double noise, NeuralLinearTrainer.Options options)
    {
        Space = space;
        KnownDevices = knownDevices;
        _featurizer = featurizer;
        _members = members.ToArray();
        _noise = noise;
        _options = options;
        _pool = new Dictionary<Architecture, KernelPoint>(pool.Count);
        foreach (var a in pool) _pool[a] = Compute(a);
    }

    public string Method => NeuralLinearTrainer.MethodName;

    public ISearchSpace Space { get; }

    public IReadOnlyList<string> KnownDevices { get; }

    /// <summary>The state <see cref="Persistence.LatencyModelFile"/> saves (with <see cref="Noise"/>).</summary>
    internal ArchitectureFeaturizer Featurizer => _featurizer;

    internal IReadOnlyList<EmbeddingMember> Members => _members;

    /// <summary>The training architectures whose kernel points are precomputed.</summary>
    internal IReadOnlyList<Architecture> Pool => _pool.Keys.ToArray();

    internal NeuralLinearTrainer.Options Options => _options;

    /// <summary>Noise variance of one log measurement estimated from the known devices' fit.</summary>
    public double Noise => _noise;

    private KernelHyperparameters DesignHyperparameters =>
        new(1.0, _members.Length == 0 ? 1.0 : _options.DesignOptionVariance, _noise);

    /// <summary>Points of architectures outside the training pool, kept up to <see cref="MaxExtraPoints"/> of them.</summary>
    private readonly ConcurrentDictionary<Architecture, KernelPoint> _extra = new();

    private const int MaxExtraPoints = 200_000;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called per architecture by the first prediction of a device
    internal KernelPoint Point(Architecture architecture)
    {
        if (_pool.TryGetValue(architecture, out var point) || _extra.TryGetValue(architecture, out point)) return point;
        point = Compute(architecture);
        if (_extra.Count < MaxExtraPoints) _extra.TryAdd(architecture, point);
        return point;
    }

    private KernelPoint Compute(Architecture architecture)
    {
        var active = _featurizer.ActiveIndices(architecture);
        var degenerate = _featurizer.IsDegenerate(active);
        var counts = _featurizer.OptionCounts(architecture);
        if (_members.Length == 0)
        {
            // No known device: an intercept and, when graph features exist, a linear effect of each (standardized).
            var dense = _featurizer.StandardizedDense(architecture);
            var weight = dense.Length == 0 ? 0 : 1 / Math.Sqrt(dense.Length);
            return new KernelPoint([Math.Sqrt(VagueIntercept), .. dense.Select(v => v * weight)], 0.0, active, counts, degenerate);
        }
        if (_members.Length == 1)
        {
            var (single, singleMean) = _members[0].Prior.Project(_members[0].Network.Embed(architecture));
            return new KernelPoint(single, singleMean, active, counts, degenerate);
        }
        // Several members: the kernel is the average of theirs (factors concatenated, scaled by 1/√E), the mean the average.
        var parts = _members.Select(m => m.Prior.Project(m.Network.Embed(architecture))).ToArray();
        var scale = 1.0 / Math.Sqrt(parts.Length);
        var factor = parts.SelectMany(p => p.Factor.Select(v => v * scale)).ToArray();
        return new KernelPoint(factor, parts.Average(p => p.Mean), active, counts, degenerate);
    }

    /// <summary>The hyperparameter axes searched per device; each starts at the value that wins ties.</summary>
    private IReadOnlyList<HyperparameterSearch.Axis> Axes()
    {
        var trained = _members.Length > 0;
        double[] headScales = trained ? HeadScales : _featurizer.DenseLength > 0 ? GraphScales : [1.0];
        double[] optionVariances = trained ? OptionVariances : [.. OptionVariances.Where(v => v > 0), 1.0];
        // Regular treatment of degenerate architectures first: it stays whenever none of them was measured.
        double[] separate = _options.DegenerateVariance > 0 ? [0, 1] : [0];
        return
        [
            new("head", headScales, Array.IndexOf(headScales, 1.0) is var h and >= 0 ? h : headScales.Length / 2),
            new("option", optionVariances, Array.IndexOf(optionVariances, trained ? 0.01 : 0.1)),
            new("noise", NoiseFactors, Array.IndexOf(NoiseFactors, 1.0)),
            new("interaction", [.. _options.InteractionVariances], 0, ExtraTermPrior(_options.InteractionVariances)),
            new("counts", [.. _options.CountVariances], 0, ExtraTermPrior(_options.CountVariances)),
            new("separate", separate, 0),
        ];
    }

    /// <summary>Log prior of an optional kernel term: 0 when off, minus the configured penalty when on.</summary>
    private double[] ExtraTermPrior(IReadOnlyList<double> values) =>
        values.Select(v => v == 0 ? 0.0 : -_options.ExtraTermPenalty).ToArray();

    private KernelHyperparameters Build(double[] values) => new(
        HeadScale: values[0], OptionVariance: values[1], Noise: values[2] * _noise,
        SeparateDegenerate: values[5] > 0, DegenerateVariance: _options.DegenerateVariance, DegenerateSpread: DegenerateSpread,
        InteractionVariance: values[3], CountVariance: values[4]);

    public IReadOnlyList<int> ChooseMeasurements(
        IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, int count)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(observed);
        if (count <= 0) return [];
        var signaturePhase = observed.Count < _options.SignatureSize;

        // Points of the design: the candidates considered (all of them for the signature, a seeded random subset
        // afterwards to keep each adaptive step fast), then the measured architectures that are not among them.
        var considered = signaturePhase || candidates.Count <= _options.AdaptiveCandidates
            ? Enumerable.Range(0, candidates.Count).ToArray()
            : SeededSubset(candidates.Count, _options.AdaptiveCandidates, _options.Seed);
        var points = new List<KernelPoint>(considered.Length + observed.Count);
        var index = new Dictionary<Architecture, int>(considered.Length);
        foreach (var c in considered)
        {
            index.TryAdd(candidates[c], points.Count);
            points.Add(Point(candidates[c]));
        }
        var selectable = points.Count;
        var conditioned = new List<int>(observed.Count);
        foreach (var o in observed)
        {
            if (index.Remove(o.Architecture, out var i)) conditioned.Add(i);
            else { conditioned.Add(points.Count); points.Add(Point(o.Architecture)); }
        }

        KernelHyperparameters hyper;
        int batch;
        var picks = new List<int>();
        if (signaturePhase)
        {
            hyper = DesignHyperparameters;
            batch = Math.Min(count, _options.SignatureSize - observed.Count);
            // Probe for dead-code elimination: one signature measurement goes to a degenerate architecture.
            if (_options.DegenerateVariance > 0 && batch >= 2 && !conditioned.Any(i => points[i].Degenerate))
            {
                var probe = GreedyVarianceDesign.Select(
                    new PointKernel(points, hyper), i => i < selectable && points[i].Degenerate, conditioned, 1, hyper.Noise, _options.Seed);
                if (probe.Length == 1)
                {
                    picks.Add(probe[0]);
                    conditioned.Add(probe[0]);
                    batch--;
                }
            }
        }
        else
        {
            // The independent spread of degenerate architectures cannot be learned from other measurements:
            // leave it out of the design's uncertainty so that it does not attract every measurement.
            hyper = FitPosterior(observed).Best.Hyperparameters with { DegenerateSpread = 0 };
            batch = 1;
        }
        picks.AddRange(GreedyVarianceDesign.Select(
            new PointKernel(points, hyper), i => i < selectable, conditioned, batch, hyper.Noise, _options.Seed));
        return picks.Select(p => considered[p]).ToArray();
    }

    /// <summary>A random subset (ascending) of 0..n-1 of the given size, the same for the same arguments.</summary>
    private static int[] SeededSubset(int n, int size, int seed)
    {
        var all = Enumerable.Range(0, n).ToArray();
        new Random(unchecked(seed * 31 + n)).Shuffle(all);
        var subset = all.AsSpan(0, size).ToArray();
        Array.Sort(subset);
        return subset;
    }

    /// <summary>
    /// The device's posterior under the evidence-chosen hyperparameters (<see cref="PosteriorMixture.BestScore"/>: its
    /// evidence), fitted to the measurements that <see cref="OutlierScreen"/> keeps (all of them when it is off).
    /// </summary>
    internal PosteriorMixture FitPosterior(IReadOnlyList<LatencyObservation> observations)
    {
        var points = observations.Select(o => Point(o.Architecture)).ToArray();
        var logs = observations.Select(o => Math.Log(o.Value)).ToArray();
        var values = observations.Select(o => o.Value).ToArray();
        var resolution = _options.ModelRounding ? MeasurementResolution.Of(values) : 0;
        PosteriorMixture Fit(int[] subset)
        {
            var observed = new ObservedKernel(
                subset.Select(i => points[i]).ToArray(), resolution, subset.Select(i => values[i]).ToArray());
            var scored = HyperparameterSearch.CoordinateAscent(
                observed, subset.Select(i => logs[i]).ToArray(), Axes(), Build, fullGridAxes: 3);
            return PosteriorMixture.FromScored(observed, scored, _options.HyperparameterMixture);
        }
        var maxOutliers = (int)Math.Floor(_options.OutlierShare * observations.Count);
        if (_options.OutlierProbability <= 0 || maxOutliers < 1 || _members.Length == 0)
            return Fit(Enumerable.Range(0, points.Length).ToArray());
        return OutlierScreen.Screen(points.Length, Fit, (posterior, i) => posterior.Predict(points[i]), logs,
            _options.OutlierProbability, _options.OutlierVariance, maxOutliers).Posterior;
    }

    public IDeviceLatencyPredictor Adapt(IReadOnlyList<LatencyObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0) throw new ArgumentException("at least one measurement is needed to adapt", nameof(observations));
        return new Predictor(this, FitPosterior(observations), observations.ToArray());
    }

    private sealed class Predictor(NeuralLinearModel model, PosteriorMixture posterior, LatencyObservation[] observations)
        : IDeviceLatencyPredictor
    {
        public IReadOnlyList<LatencyObservation> Observations => observations;

        public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
        {
            ArgumentNullException.ThrowIfNull(architectures);
            var result = new LatencyPrediction[architectures.Count];
            PredictionLoop.RunBlocks(result.Length, PointBlock.DefaultCapacity, () => new MixtureBlockPredictor(model, posterior),
                [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int start, int length, MixtureBlockPredictor block) =>
                {
                    block.Predict(architectures, start, length);
                    for (var b = 0; b < length; b++)
                        result[start + b] = new LatencyPrediction(block.Mean[b], Math.Sqrt(block.Variance[b]));
                });
            return result;
        }
    }
}

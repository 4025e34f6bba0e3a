using System.Runtime.CompilerServices;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// Several "neural-linear" models of the same devices whose embeddings see different features (for example one-hot
/// choices only, and the same plus graph features). A new device weights them by the evidence of its own measurements
/// (Bayesian model averaging: each model's best log marginal likelihood), so that a device whose costs follow FLOPs
/// and layer counts can lean on the graph-feature embedding while one that does not keeps the plain one. The
/// signature is the first model's; past it, each next measurement is chosen by the model the evidence favours so far.
/// Predictions are the weighted mixture's mean and variance in log space. Immutable and thread-safe.
/// </summary>
internal sealed class EvidenceWeightedModels : ILatencyModel
{
    /// <summary>Models whose weight falls below this share of the best one's are left out of a device's mixture.</summary>
    public const double MinRelativeWeight = 1e-3;

    private readonly NeuralLinearModel[] _models;
    private readonly int _signatureSize;

    public EvidenceWeightedModels(IReadOnlyList<NeuralLinearModel> models, int signatureSize)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0) throw new ArgumentException("at least one model", nameof(models));
        if (models.Any(m => m.Space.Id != models[0].Space.Id))
            throw new ArgumentException("all models must be of the same search space", nameof(models));
        ArgumentOutOfRangeException.ThrowIfLessThan(signatureSize, 1);
        _models = models.ToArray();
        _signatureSize = signatureSize;
    }

    /// <summary>The models, the first one choosing the signature.</summary>
    internal IReadOnlyList<NeuralLinearModel> Models => _models;

    /// <summary>How many measurements the first model chooses before the evidence picks who chooses next.</summary>
    internal int SignatureSize => _signatureSize;

    public string Method => NeuralLinearTrainer.MethodName;

    public ISearchSpace Space => _models[0].Space;

    public IReadOnlyList<string> KnownDevices => _models[0].KnownDevices;

    public IReadOnlyList<int> ChooseMeasurements(
        IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, int count)
    {
        ArgumentNullException.ThrowIfNull(observed);
        if (observed.Count < _signatureSize) return _models[0].ChooseMeasurements(candidates, observed, count);
        var weights = Weigh(observed);
        var leader = weights.MaxBy(w => w.Weight).Index;
        return _models[leader].ChooseMeasurements(candidates, observed, count);
    }

    public IDeviceLatencyPredictor Adapt(IReadOnlyList<LatencyObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0) throw new ArgumentException("at least one measurement is needed to adapt", nameof(observations));
        var fitted = _models.Select(m => m.FitPosterior(observations)).ToArray();
        var components = Weights(fitted.Select(f => f.BestScore).ToArray())
            .Select(w => (w.Weight, Model: _models[w.Index], Posterior: fitted[w.Index])).ToArray();
        return new Predictor(components, observations.ToArray());
    }

    /// <summary>Each model's weight for a device with these measurements (those kept, highest first).</summary>
    internal IReadOnlyList<(int Index, double Weight)> Weigh(IReadOnlyList<LatencyObservation> observations) =>
        Weights(_models.Select(m => m.FitPosterior(observations).BestScore).ToArray());

    private static (int Index, double Weight)[] Weights(double[] scores)
    {
        var best = scores.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        if (double.IsNaN(best)) throw new InvalidOperationException("no model gives a finite evidence for these measurements");
        var kept = scores.Select((s, i) => (Index: i, Weight: double.IsFinite(s) ? Math.Exp(s - best) : 0))
            .Where(w => w.Weight >= MinRelativeWeight).OrderByDescending(w => w.Weight).ToArray();
        var total = kept.Sum(w => w.Weight);
        return kept.Select(w => (w.Index, w.Weight / total)).ToArray();
    }

    private sealed class Predictor(
        (double Weight, NeuralLinearModel Model, PosteriorMixture Posterior)[] components, LatencyObservation[] observations)
        : IDeviceLatencyPredictor
    {
        public IReadOnlyList<LatencyObservation> Observations => observations;

        public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
        {
            ArgumentNullException.ThrowIfNull(architectures);
            var result = new LatencyPrediction[architectures.Count];
            PredictionLoop.RunBlocks(result.Length, PointBlock.DefaultCapacity,
                () => components.Select(c => new MixtureBlockPredictor(c.Model, c.Posterior)).ToArray(),
                [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int start, int length, MixtureBlockPredictor[] blocks) =>
                {
                    foreach (var block in blocks) block.Predict(architectures, start, length);
                    for (var b = 0; b < length; b++)
                    {
                        double mean = 0, second = 0;
                        for (var c = 0; c < blocks.Length; c++)
                        {
                            var (m, v) = (blocks[c].Mean[b], blocks[c].Variance[b]);
                            mean += components[c].Weight * m;
                            second += components[c].Weight * (v + m * m);
                        }
                        result[start + b] = new LatencyPrediction(mean, Math.Sqrt(Math.Max(second - mean * mean, 0)));
                    }
                });
            return result;
        }
    }
}

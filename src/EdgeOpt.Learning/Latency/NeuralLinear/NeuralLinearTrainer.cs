using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency.CostComponents;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// The "neural-linear" method: a meta-learned Bayesian linear model of log cost.
/// <para>Training (TorchSharp): an MLP φ(a) over the architecture's features and one linear head per known device
/// are fitted jointly (log cost ≈ φ(a)·w_d + b_d). A Gaussian prior over a device's head is estimated from the known
/// heads (mean, covariance shrunk towards the identity).</para>
/// <para>A new device: its log costs are a Gaussian process whose mean is the mean head's prediction and whose
/// covariance adds up the learned head prior (scaled), a per-option correction (one-hot), its second-order
/// interactions, a linear effect of the option counts and measurement noise; NAS-Bench-201 architectures whose output
/// is a constant may be modelled apart (dead-code elimination). The scales are chosen per device by the evidence of
/// its measurements (a grid search), and predictions average the best few settings by evidence. Adapting is a few
/// K×K solves; predictions carry the posterior predictive spread (log-normal intervals).</para>
/// <para>Measurements: the first <see cref="Options.SignatureSize"/> by greedy D-optimal design under the prior
/// (computable before measuring, from the training data only), the rest one at a time under the hyperparameters
/// fitted so far.</para>
/// <para>Without known devices the head part is an intercept (plus a linear effect of graph features when they are
/// enabled), so the model is a Bayesian per-option regression on the new device's own measurements.</para>
/// </summary>
public sealed class NeuralLinearTrainer : ILatencyPredictorTrainer
{
    public const string MethodName = "neural-linear";

    public sealed class Options
    {
        public int Seed { get; init; }

        public int HiddenWidth { get; init; } = 128;

        /// <summary>Size m of φ(a).</summary>
        public int EmbeddingSize { get; init; } = 32;

        public int Epochs { get; init; } = 30;

        public int BatchSize { get; init; } = 1024;

        public double LearningRate { get; init; } = 3e-3;

        /// <summary>L2 penalty on the heads (standardized units).</summary>
        public double HeadPenalty { get; init; } = 1e-4;

        /// <summary>Identity shrinkage of the head covariance, as a share of its mean variance.</summary>
        public double PriorShrinkage { get; init; } = 1.0;

        /// <summary>Extra prior variance of a device's intercept (log units).</summary>
        public double InterceptVariance { get; init; } = 1.0;

        /// <summary>Variance of the per-option correction used to choose the signature (log units).</summary>
        public double DesignOptionVariance { get; init; } = 0.01;

        /// <summary>
        /// Candidate variances (log units) of the second-order per-option term (pairs of choices interacting),
        /// chosen per device by evidence along with the other hyperparameters; [0] turns the term off. Most useful past
        /// the signature: with 50 measurements it lifts NAS-Bench-201 pixel3 (held out) from 0.91 to 0.94 Spearman.
        /// </summary>
        public IReadOnlyList<double> InteractionVariances { get; init; } = [0, 0.01, 0.1];

        /// <summary>
        /// Candidate variances of a linear effect of the option counts (how many times each option is used,
        /// wherever it is), chosen per device by evidence; [0] turns the term off.
        /// </summary>
        public IReadOnlyList<double> CountVariances { get; init; } = [0, 0.003, 0.03, 0.3];

        /// <summary>
        /// Log prior penalty (nats) for switching on the interaction or count term, so that a device's few noisy
        /// measurements must show clearer evidence for them. 0 by default: 2 and 4 gave mixed results in the
        /// leave-devices-out runs (better on noisy phones, worse on FBNet GPUs held out as a family).
        /// </summary>
        public double ExtraTermPenalty { get; init; }

        /// <summary>
        /// Architectures whose output is a constant (see <see cref="ArchitectureFeaturizer.IsDegenerate"/>) may cost
        /// next to nothing on a device whose compiler removes dead code. The signature then includes one of them,
        /// and each device chooses by evidence between treating them as regular architectures and modelling them
        /// apart with a shared offset of this prior variance (log units). 0 turns both off.
        /// </summary>
        public double DegenerateVariance { get; init; } = 9.0;

        /// <summary>
        /// Predictions average the posteriors of up to this many hyperparameter settings, weighted by evidence
        /// (1: use the single best setting).
        /// </summary>
        public int HyperparameterMixture { get; init; } = 4;

        /// <summary>
        /// Add the noise of rounding to each measurement's variance when a device's values are all whole multiples
        /// of a coarse step (e.g. whole milliseconds; see <see cref="MeasurementResolution"/>), and to the predictive
        /// variance.
        /// </summary>
        public bool ModelRounding { get; init; } = true;

        /// <summary>
        /// Prior probability that one of a device's measurements is a spuriously slow run (interference, throttling),
        /// set aside by <see cref="OutlierScreen"/> when the evidence says so; 0 turns the robust step off.
        /// </summary>
        public double OutlierProbability { get; init; } = 0.05;

        /// <summary>Variance (log units) of the extra delay of a spuriously slow run (a half-normal on log cost).</summary>
        public double OutlierVariance { get; init; } = 1.0;

        /// <summary>At most this share of a device's measurements may be set aside (rounded down; 0.2: 2 of 10).</summary>
        public double OutlierShare { get; init; } = 0.2;

        /// <summary>Measurements chosen up front, before any value is seen.</summary>
        public int SignatureSize { get; init; } = 10;

        /// <summary>
        /// Embeddings trained with different seeds; the model averages their kernels and prior means. 1 by default:
        /// 3 did not help in the leave-devices-out runs (and triples training time).
        /// </summary>
        public int EnsembleSize { get; init; } = 1;

        /// <summary>
        /// Past the signature, each next measurement is chosen among at most this many candidates (a seeded random
        /// subset), which keeps an adaptive step fast on large spaces.
        /// </summary>
        public int AdaptiveCandidates { get; init; } = 3000;

        /// <summary>
        /// Threads TorchSharp may use while training (null: its default). The network is small, so one thread is
        /// about as fast as several and leaves the other cores alone.
        /// </summary>
        public int? Threads { get; init; } = 1;

        public ArchitectureFeaturizer.Options Features { get; init; } = new();

        /// <summary>
        /// Further embeddings, each trained on these features (with its own seed), beside the one of
        /// <see cref="Features"/>. A new device weights all of them by the evidence of its measurements
        /// (<see cref="EvidenceWeightedModels"/>). Empty: one embedding. By default one more embedding that also
        /// sees the graph features (FLOPs, parameters, activation memory, op counts): alone it ranks worse on
        /// NAS-Bench-201 (pixel3 0.83 instead of 0.89 held out), weighted by evidence beside the plain one better
        /// (0.92), while two plain embeddings weighted so gain nothing.
        /// </summary>
        public IReadOnlyList<ArchitectureFeaturizer.Options> AlternativeFeatures { get; init; } =
            [new ArchitectureFeaturizer.Options { IncludeGraphFeatures = true }];
    }

    private readonly Options _options;

    public NeuralLinearTrainer(Options? options = null)
    {
        _options = options ?? new Options();
        if (_options.HiddenWidth < 1 || _options.EmbeddingSize < 1 || _options.Epochs < 0 || _options.BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "hidden width, embedding size and batch size must be >= 1, epochs >= 0");
        if (_options.InteractionVariances.Count == 0 || _options.CountVariances.Count == 0)
            throw new ArgumentException("interaction and count variances need at least one candidate (0 turns a term off)", nameof(options));
        if (_options.EnsembleSize < 1 || _options.HyperparameterMixture < 1 || _options.AdaptiveCandidates < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "ensemble size, hyperparameter mixture and adaptive candidates must be >= 1");
        if (!(_options.OutlierProbability >= 0 && _options.OutlierProbability < 0.5) || !(_options.OutlierVariance > 0)
            || !(_options.OutlierShare >= 0 && _options.OutlierShare < 1))
            throw new ArgumentOutOfRangeException(nameof(options),
                "outlier probability must be in [0, 0.5), outlier variance > 0, outlier share in [0, 1)");
        if (_options.SignatureSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.SignatureSize, "signature size must be >= 1");
    }

    public string Name => MethodName;

    public ILatencyModel Fit(LatencyTrainingData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        // No known device on a family of numeric sizes (convnet): the one-hot model cannot extrapolate across sizes,
        // the additive cost-component model can (docs/latency-prediction.md, "A device alone").
        if (data.Devices.Count == 0 && data.Space is ConvnetSpace)
            return new CostComponentTrainer().Fit(data, cancellationToken);
        var primary = FitOne(data, _options.Features, seedOffset: 0, cancellationToken);
        if (data.Devices.Count == 0 || _options.AlternativeFeatures.Count == 0) return primary;
        var models = new List<NeuralLinearModel> { primary };
        for (var i = 0; i < _options.AlternativeFeatures.Count; i++)
            models.Add(FitOne(data, _options.AlternativeFeatures[i], seedOffset: 7919 * (i + 1), cancellationToken));
        return new EvidenceWeightedModels(models, _options.SignatureSize);
    }

    private NeuralLinearModel FitOne(
        LatencyTrainingData data, ArchitectureFeaturizer.Options features, int seedOffset, CancellationToken cancellationToken)
    {
        var featurizer = new ArchitectureFeaturizer(data.Space, features);
        if (data.Devices.Count == 0)
            return new NeuralLinearModel(data.Space, [], featurizer, [], [], noise: 0.01, _options);

        var members = new List<EmbeddingMember>(_options.EnsembleSize);
        var residuals = new List<double>();
        for (var e = 0; e < _options.EnsembleSize; e++)
        {
            var result = MultiTaskTraining.Train(
                data, featurizer, _options, unchecked(_options.Seed + seedOffset + 1000 * e), cancellationToken);
            members.Add(new EmbeddingMember(result.Network, HeadPrior.Estimate(result.Heads, _options.PriorShrinkage, _options.InterceptVariance)));
            residuals.AddRange(result.ResidualVariances);
        }
        var noise = Math.Max(residuals.Average(), 1e-4);
        var pool = data.Architectures.Distinct().ToArray();
        return new NeuralLinearModel(data.Space, data.Devices.ToArray(), featurizer, members, pool, noise, _options);
    }
}

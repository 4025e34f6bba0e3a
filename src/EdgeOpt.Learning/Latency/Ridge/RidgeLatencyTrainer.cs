namespace EdgeOpt.Learning.Latency.Ridge;

/// <summary>
/// The "ridge" method: a new device's log-cost is a linear function of the known devices' standardized log-costs
/// (plus an intercept), fitted by ridge regression on its K measurements with the penalty chosen by exact
/// leave-one-out error. Without known devices the features are the architecture's one-hot choices (an additive
/// per-option model of log-cost). Measurements: greedy D-optimal design over the same features.
/// </summary>
public sealed class RidgeLatencyTrainer : ILatencyPredictorTrainer
{
    public const string MethodName = "ridge";

    public sealed class Options
    {
        /// <summary>Seed for breaking ties in the choice of measurements.</summary>
        public int Seed { get; init; }

        /// <summary>Architecture features (used without known devices, and to fill in unmeasured known cells).</summary>
        public ArchitectureFeaturizer.Options Features { get; init; } = new();
    }

    private readonly Options _options;

    public RidgeLatencyTrainer(Options? options = null) => _options = options ?? new Options();

    public string Name => MethodName;

    public ILatencyModel Fit(LatencyTrainingData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        cancellationToken.ThrowIfCancellationRequested();
        var featurizer = new ArchitectureFeaturizer(data.Space, _options.Features);
        var basis = data.Devices.Count == 0 ? null : new KnownDeviceBasis(data, featurizer);
        return new RidgeLatencyModel(data.Space, data.Devices.ToArray(), featurizer, basis, _options.Seed);
    }
}

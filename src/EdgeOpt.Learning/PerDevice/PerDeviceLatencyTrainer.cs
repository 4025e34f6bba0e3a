using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// Learns one device's latency from its own measurements: gradient-boosted regression trees (ML.NET FastTree) on
/// <see cref="ISearchSpace.Encode"/> (one-hot choices and graph features; for NAS-Bench-201 also the cell-structure
/// features, see <see cref="Options.FeatureSet"/>), label = ln(latency in ms). The model is a
/// K-fold cross-fitted ensemble; its interval comes from the quantiles of the out-of-fold residuals in log space,
/// so it is a multiplicative band around the prediction (see <see cref="PerDeviceLatencyModel"/>).
/// Works for any device and any space; results are reproducible for a given <see cref="Options.Seed"/>.
/// </summary>
public sealed class PerDeviceLatencyTrainer
{
    private readonly ISearchSpace _space;
    private readonly TreeSettings _settings;
    private readonly ArchitectureFeatureSet _featureSet;

    /// <summary>Training settings; the defaults suit a few hundred to a few thousand measurements.</summary>
    public sealed class Options
    {
        /// <summary>Seed of the ML.NET context, the fold split and the trees' sampling. Required: results depend on it.</summary>
        public required int Seed { get; init; }

        /// <summary>
        /// Which features the trees see. Auto adds <see cref="Accuracy.Nb201CellFeatures"/> for NAS-Bench-201: cells
        /// whose output is cut off from the input run almost nothing on some devices (pixel3: 0.003 ms), which the
        /// one-hot encoding alone does not show.
        /// </summary>
        public ArchitectureFeatureSet FeatureSet { get; init; } = ArchitectureFeatureSet.Auto;

        /// <summary>Boosting rounds per fold model (1..10,000).</summary>
        public int NumberOfTrees { get; init; } = 200;

        /// <summary>Leaves per tree (2..1024).</summary>
        public int NumberOfLeaves { get; init; } = 8;

        /// <summary>Shrinkage per tree, in (0, 1].</summary>
        public double LearningRate { get; init; } = 0.1;

        /// <summary>Training rows a leaf must hold (1..10,000); small values let small samples split.</summary>
        public int MinimumExampleCountPerLeaf { get; init; } = 3;

        /// <summary>Share of features each tree may use, in (0, 1].</summary>
        public double FeatureFraction { get; init; } = 1.0;

        /// <summary>Cross-fitting folds (2..20): the ensemble has this many models.</summary>
        public int Folds { get; init; } = 5;

        /// <summary>Nominal coverage of <see cref="LatencyPrediction"/>'s interval, in (0, 1).</summary>
        public double IntervalCoverage { get; init; } = 0.9;
    }

    /// <summary>Checks the options first; the message of a bad one names it and its allowed values.</summary>
    public PerDeviceLatencyTrainer(ISearchSpace space, Options options)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        _settings = TreeOptionChecks.Settings(
            nameof(PerDeviceLatencyTrainer), options.NumberOfTrees, options.NumberOfLeaves, options.LearningRate,
            options.MinimumExampleCountPerLeaf, options.FeatureFraction, options.Folds, options.IntervalCoverage, options.Seed);
        _featureSet = ArchitectureFeatures.Resolve(space, options.FeatureSet, nameof(PerDeviceLatencyTrainer));
        _space = space;
    }

    private static readonly TreeTrainingRows.Wording Wording = new("measurement", "measurements", "average repeated runs");

    /// <summary>The feature set in use after resolving <see cref="ArchitectureFeatureSet.Auto"/>.</summary>
    public ArchitectureFeatureSet FeatureSet => _featureSet;

    /// <summary>The fewest measurements <see cref="Fit"/> accepts with these options.</summary>
    public int MinimumMeasurements => TreeOptionChecks.MinimumRows(_settings);

    /// <summary>
    /// Fits a model to one device's measurements: distinct architectures of the trainer's space, each with a finite
    /// latency &gt; 0 ms (average repeated runs before).
    /// </summary>
    public PerDeviceLatencyModel Fit(IReadOnlyList<(Architecture Architecture, double LatencyMs)> measurements)
    {
        var features = ArchitectureFeatures.For(_space, _featureSet);
        var labels = TreeTrainingRows.Labels(_space, features, _settings, measurements, nameof(measurements), Wording,
            (i, latencyMs) => double.IsFinite(latencyMs) && latencyMs > 0
                ? (float)Math.Log(latencyMs)
                : throw new ArgumentException(
                    $"measurement {i} has latency {latencyMs} ms; latencies must be finite and > 0", nameof(measurements)));

        var rows = features.Of(measurements.Select(m => m.Architecture).ToArray(), nameof(measurements));
        var trees = CrossFittedTrees.Fit(rows, labels, _settings);
        return new PerDeviceLatencyModel(_space, features, trees, _settings.IntervalCoverage, measurements.Count);
    }
}

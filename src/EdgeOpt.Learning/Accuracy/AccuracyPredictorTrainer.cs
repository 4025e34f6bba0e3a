using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.PerDevice;

namespace EdgeOpt.Learning.Accuracy;

/// <summary>
/// Learns a search space's top-1 accuracy (percent) from trained-and-evaluated architectures: gradient-boosted
/// regression trees (ML.NET FastTree) on the space's encoding, plus NAS-Bench-201 cell-structure features by
/// default (<see cref="Options.FeatureSet"/>). The model is a K-fold cross-fitted ensemble; its interval comes from
/// the out-of-fold residual quantiles (an additive band in accuracy points, see <see cref="AccuracyModel"/>).
/// Reproducible for a given <see cref="Options.Seed"/>.
/// </summary>
public sealed class AccuracyPredictorTrainer
{
    private readonly ISearchSpace _space;
    private readonly TreeSettings _settings;
    private readonly ArchitectureFeatureSet _featureSet;

    /// <summary>Training settings; the defaults were chosen on NAS-Bench-201 with 1,000 training architectures.</summary>
    public sealed class Options
    {
        /// <summary>Seed of the ML.NET context, the fold split and the trees' sampling. Required: results depend on it.</summary>
        public required int Seed { get; init; }

        /// <summary>Which features the trees see.</summary>
        public ArchitectureFeatureSet FeatureSet { get; init; } = ArchitectureFeatureSet.Auto;

        /// <summary>Boosting rounds per fold model (1..10,000).</summary>
        public int NumberOfTrees { get; init; } = 500;

        /// <summary>Leaves per tree (2..1024).</summary>
        public int NumberOfLeaves { get; init; } = 16;

        /// <summary>Shrinkage per tree, in (0, 1].</summary>
        public double LearningRate { get; init; } = 0.05;

        /// <summary>Training rows a leaf must hold (1..10,000).</summary>
        public int MinimumExampleCountPerLeaf { get; init; } = 5;

        /// <summary>Share of features each tree may use, in (0, 1].</summary>
        public double FeatureFraction { get; init; } = 1.0;

        /// <summary>Cross-fitting folds (2..20): the ensemble has this many models.</summary>
        public int Folds { get; init; } = 5;

        /// <summary>Nominal coverage of <see cref="AccuracyPrediction"/>'s interval, in (0, 1).</summary>
        public double IntervalCoverage { get; init; } = 0.9;
    }

    /// <summary>Checks the options first; the message of a bad one names it and its allowed values.</summary>
    public AccuracyPredictorTrainer(ISearchSpace space, Options options)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        _settings = TreeOptionChecks.Settings(
            nameof(AccuracyPredictorTrainer), options.NumberOfTrees, options.NumberOfLeaves, options.LearningRate,
            options.MinimumExampleCountPerLeaf, options.FeatureFraction, options.Folds, options.IntervalCoverage, options.Seed);
        _featureSet = ArchitectureFeatures.Resolve(space, options.FeatureSet, nameof(AccuracyPredictorTrainer));
        _space = space;
    }

    private static readonly TreeTrainingRows.Wording Wording = new("sample", "architectures", "average repeated trainings");

    /// <summary>The feature set in use after resolving <see cref="ArchitectureFeatureSet.Auto"/>.</summary>
    public ArchitectureFeatureSet FeatureSet => _featureSet;

    /// <summary>The fewest architectures <see cref="Fit"/> accepts with these options.</summary>
    public int MinimumArchitectures => TreeOptionChecks.MinimumRows(_settings);

    /// <summary>
    /// Fits a model to distinct architectures of the trainer's space with their measured top-1 accuracy in percent
    /// (finite, 0..100).
    /// </summary>
    public AccuracyModel Fit(IReadOnlyList<(Architecture Architecture, double Top1)> samples)
    {
        var features = ArchitectureFeatures.For(_space, _featureSet);
        var labels = TreeTrainingRows.Labels(_space, features, _settings, samples, nameof(samples), Wording,
            (i, top1) => double.IsFinite(top1) && top1 >= 0 && top1 <= 100
                ? (float)top1
                : throw new ArgumentException(
                    $"sample {i} has top-1 accuracy {top1}; accuracies are percentages, finite and within 0..100", nameof(samples)));

        var rows = features.Of(samples.Select(s => s.Architecture).ToArray(), nameof(samples));
        var trees = CrossFittedTrees.Fit(rows, labels, _settings);
        return new AccuracyModel(_space, _featureSet, features, trees, _settings.IntervalCoverage, samples.Count);
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.PerDevice;

namespace EdgeOpt.Learning.Accuracy;

/// <summary>
/// A fitted accuracy predictor (from <see cref="AccuracyPredictorTrainer"/>). The point prediction is the mean of the
/// fold models, clamped to 0..100. The interval is [prediction + q_lo, prediction + q_hi], clamped to 0..100, with
/// q_lo, q_hi the (1 - coverage)/2 and (1 + coverage)/2 empirical quantiles of the out-of-fold residuals
/// (measured - predicted, in accuracy points): the same additive band for every architecture, whose coverage holds
/// on average over architectures like the training ones. Thread-safe.
/// </summary>
public sealed class AccuracyModel
{
    private readonly ArchitectureFeatures _features;
    private readonly CrossFittedTrees _trees;

    internal AccuracyModel(
        ISearchSpace space, ArchitectureFeatureSet featureSet, ArchitectureFeatures features, CrossFittedTrees trees,
        double intervalCoverage, int trainingCount)
    {
        Space = space;
        FeatureSet = featureSet;
        _features = features;
        _trees = trees;
        IntervalCoverage = intervalCoverage;
        TrainingCount = trainingCount;
    }

    public ISearchSpace Space { get; }

    /// <summary>The fitted trees; for persistence.</summary>
    internal CrossFittedTrees Trees => _trees;

    public ArchitectureFeatureSet FeatureSet { get; }

    /// <summary>Names of the features the trees saw, in order.</summary>
    public IReadOnlyList<string> FeatureNames => _features.Names;

    /// <summary>Nominal coverage of the intervals (e.g. 0.9).</summary>
    public double IntervalCoverage { get; }

    /// <summary>Number of architectures the model learned from.</summary>
    public int TrainingCount { get; }

    /// <summary>Out-of-fold predicted accuracy of each training architecture, in training order.</summary>
    public IReadOnlyList<double> OutOfFoldPredictions => _trees.OutOfFoldPredictions;

    public AccuracyPrediction Predict(Architecture architecture) => Predict([architecture])[0];

    /// <summary>Predicts many architectures in one pass per fold model.</summary>
    public AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var means = _trees.Predict(_features.Of(architectures, nameof(architectures)));
        double below = Math.Min(0.0, _trees.LowerResidual), above = Math.Max(0.0, _trees.UpperResidual);
        return means.Select(m =>
        {
            double top1 = Math.Clamp(m, 0, 100);
            return new AccuracyPrediction(top1, Math.Clamp(top1 + below, 0, 100), Math.Clamp(top1 + above, 0, 100));
        }).ToArray();
    }
}

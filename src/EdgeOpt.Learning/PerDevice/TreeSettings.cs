namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// The boosted-tree settings shared by the trainers of this library, already checked by the trainer's options.
/// </summary>
internal sealed record TreeSettings(
    int NumberOfTrees,
    int NumberOfLeaves,
    double LearningRate,
    int MinimumExampleCountPerLeaf,
    double FeatureFraction,
    int Folds,
    double IntervalCoverage,
    int Seed);

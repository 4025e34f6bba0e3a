namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// Checks of the boosted-tree options that the trainers share. Each failure is an
/// <see cref="ArgumentOutOfRangeException"/> whose message names the option (as "Owner.Options.Name"), the value
/// given and the allowed values.
/// </summary>
internal static class TreeOptionChecks
{
    public static TreeSettings Settings(
        string owner, int numberOfTrees, int numberOfLeaves, double learningRate, int minimumExampleCountPerLeaf,
        double featureFraction, int folds, double intervalCoverage, int seed)
    {
        Range(owner, "NumberOfTrees", numberOfTrees, 1, 10_000, "boosting rounds per model");
        Range(owner, "NumberOfLeaves", numberOfLeaves, 2, 1024, "leaves per tree");
        if (!(learningRate > 0 && learningRate <= 1))
            throw Fail(owner, "LearningRate", learningRate, "allowed: greater than 0 and at most 1 (shrinkage per tree)");
        Range(owner, "MinimumExampleCountPerLeaf", minimumExampleCountPerLeaf, 1, 10_000, "training rows a leaf must hold");
        if (!(featureFraction > 0 && featureFraction <= 1))
            throw Fail(owner, "FeatureFraction", featureFraction, "allowed: greater than 0 and at most 1 (share of features each tree may use)");
        Range(owner, "Folds", folds, 2, 20, "cross-fitting folds: models in the ensemble, and the source of out-of-fold residuals for the interval");
        if (!(intervalCoverage > 0 && intervalCoverage < 1))
            throw Fail(owner, "IntervalCoverage", intervalCoverage, "allowed: strictly between 0 and 1, e.g. 0.9 for a 90 % interval");
        return new TreeSettings(numberOfTrees, numberOfLeaves, learningRate, minimumExampleCountPerLeaf, featureFraction, folds, intervalCoverage, seed);
    }

    /// <summary>
    /// The fewest training rows these settings can learn from: every fold model must see at least two leaves'
    /// worth of rows, and every fold must hold a row.
    /// </summary>
    public static int MinimumRows(TreeSettings settings)
    {
        int perFoldModel = 2 * settings.MinimumExampleCountPerLeaf;
        // n - ceil(n / folds) >= perFoldModel holds once n >= perFoldModel * folds / (folds - 1) + 1.
        int rows = (int)Math.Ceiling(perFoldModel * settings.Folds / (double)(settings.Folds - 1)) + 1;
        return Math.Max(rows, settings.Folds);
    }

    private static void Range(string owner, string name, int value, int min, int max, string meaning)
    {
        if (value < min || value > max) throw Fail(owner, name, value, $"allowed: {min}..{max} ({meaning})");
    }

    private static ArgumentOutOfRangeException Fail(string owner, string name, object value, string allowed) =>
        new("options", value, $"{owner}.Options.{name} is {value}; {allowed}");
}

using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Persistence;

/// <summary>
/// The quick, honest checks whose figures go on a model card: leave-devices-out for a latency method, a held-out
/// split for an accuracy predictor.
/// </summary>
public static class TrainingChecks
{
    /// <summary>
    /// Splits the devices round-robin into <paramref name="folds"/> groups (at most one per device); each group is held
    /// out in turn (the method trains on the others and measures <paramref name="samples"/> architectures on each
    /// held-out device). Returns the mean Spearman, Kendall, MAPE, share within ±10 % and 90 %-interval coverage over
    /// the devices, named "lodo{folds}.k{samples}.srcc" etc. Empty with fewer than two devices.
    /// </summary>
    public static IReadOnlyDictionary<string, double> LeaveDevicesOut(
        Func<int, ILatencyPredictorTrainer> trainerForSeed, ISearchSpace space, MeasurementTable table, int seed,
        int folds, int samples, CancellationToken cancellationToken, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var devices = table.Devices;
        if (devices.Count < 2) return new Dictionary<string, double>();
        var groups = Math.Clamp(folds, 2, devices.Count);
        var foldList = Enumerable.Range(0, groups)
            .Select(g => (IReadOnlyList<string>)devices.Where((_, i) => i % groups == g).ToArray()).ToArray();
        var report = Evaluation.LeaveDevicesOut.Run(trainerForSeed, space, table, foldList, [seed], samples, null, cancellationToken, progress);
        var prefix = $"lodo{groups}.k{samples}.";
        var m = report.Mean;
        return new Dictionary<string, double>
        {
            [prefix + "srcc"] = m.Srcc,
            [prefix + "kendall"] = m.Kendall,
            [prefix + "mape"] = m.Mape,
            [prefix + "within10"] = m.Within10,
            [prefix + "coverage90"] = m.Coverage90,
        };
    }

    /// <summary>
    /// Trains an accuracy predictor on <paramref name="trainCount"/> rows of <paramref name="column"/> (seeded draw) and
    /// scores it on the others; the model returned is the one scored.
    /// </summary>
    public static (AccuracyModel Model, IReadOnlyDictionary<string, double> Scores) AccuracyHoldout(
        MeasurementTable table, string column, int trainCount, int seed)
    {
        var result = Accuracy.AccuracyHoldout.Evaluate(table, column, trainCount, seed, new AccuracyPredictorTrainer.Options { Seed = seed });
        var scores = new Dictionary<string, double>
        {
            ["holdout.spearman"] = result.Spearman,
            ["holdout.kendall"] = result.KendallTau,
            ["holdout.maePoints"] = result.MaePoints,
            ["holdout.topDecileSpearman"] = result.TopDecileSpearman,
            [$"holdout.coverage{Math.Round(result.NominalCoverage * 100)}"] = result.IntervalCoverage,
            ["holdout.testRows"] = result.TestCount,
            ["fitSeconds"] = result.FitSeconds,
        };
        return (result.Model, scores);
    }
}

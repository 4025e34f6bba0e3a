using System.Diagnostics;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.PerDevice;

namespace EdgeOpt.Learning.Accuracy;

/// <summary>How well an accuracy predictor trained on a sample of an accuracy table predicts the rest.</summary>
/// <param name="Spearman">Rank correlation of predicted and measured accuracy on the held-out rows.</param>
/// <param name="KendallTau">Kendall's tau-b on the held-out rows.</param>
/// <param name="MaePoints">Mean absolute error in accuracy points.</param>
/// <param name="TopDecileSpearman">Spearman on the held-out rows whose measured accuracy is in the top 10 %, where a search looks.</param>
/// <param name="IntervalCoverage">Share (0..1) of held-out rows whose measurement lies in the predicted interval.</param>
public sealed record AccuracyHoldoutResult(
    string Column,
    int TrainCount,
    int TestCount,
    double Spearman,
    double KendallTau,
    double MaePoints,
    double TopDecileSpearman,
    double NominalCoverage,
    double IntervalCoverage,
    double FitSeconds,
    AccuracyModel Model);

/// <summary>Evaluates <see cref="AccuracyPredictorTrainer"/> on one column of an accuracy table (e.g. nb201/accuracy.csv's cifar100).</summary>
public static class AccuracyHoldout
{
    /// <summary>
    /// Trains on <paramref name="trainCount"/> of the column's rows, drawn with <paramref name="sampleSeed"/>, and
    /// scores the predictions on all its other rows.
    /// </summary>
    public static AccuracyHoldoutResult Evaluate(
        MeasurementTable table, string column, int trainCount, int sampleSeed, AccuracyPredictorTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var split = HoldoutSplit.Draw(table, column, trainCount, sampleSeed, nameof(trainCount));
        var trainer = new AccuracyPredictorTrainer(split.Space, options);

        var clock = Stopwatch.StartNew();
        var model = trainer.Fit(split.TrainArchitectures.Zip(split.TrainValues).ToArray());
        double fitSeconds = clock.Elapsed.TotalSeconds;
        var predicted = model.Predict(split.TestArchitectures);

        var top1 = predicted.Select(p => p.Top1).ToArray();
        int covered = 0;
        double absolute = 0;
        for (int i = 0; i < top1.Length; i++)
        {
            if (predicted[i].Lower <= split.TestValues[i] && split.TestValues[i] <= predicted[i].Upper) covered++;
            absolute += Math.Abs(top1[i] - split.TestValues[i]);
        }
        double cut = split.TestValues.Order().ElementAt((int)(0.9 * split.TestValues.Length));
        var top = Enumerable.Range(0, top1.Length).Where(i => split.TestValues[i] >= cut).ToArray();
        return new AccuracyHoldoutResult(
            column, trainCount, top1.Length,
            Correlation.Spearman(top1, split.TestValues),
            Correlation.KendallTauB(top1, split.TestValues),
            absolute / top1.Length,
            top.Length >= 2 ? Correlation.Spearman(top.Select(i => top1[i]).ToArray(), top.Select(i => split.TestValues[i]).ToArray()) : double.NaN,
            model.IntervalCoverage,
            (double)covered / top1.Length,
            fitSeconds,
            model);
    }
}

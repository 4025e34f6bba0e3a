using System.Diagnostics;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Learning.PerDevice;

/// <summary>How well a per-device model trained on a sample of a device's measurements predicts the rest.</summary>
/// <param name="Spearman">Rank correlation of predicted and measured latency on the held-out rows.</param>
/// <param name="KendallTau">Kendall's tau-b on the held-out rows.</param>
/// <param name="MapePercent">Mean absolute percentage error, in percent (dominated by the smallest latencies when a device has near-zero ones).</param>
/// <param name="MedianApePercent">Median absolute percentage error, in percent.</param>
/// <param name="Within10Percent">Share (0..1) of held-out rows predicted within ±10 %.</param>
/// <param name="IntervalCoverage">Share (0..1) of held-out rows whose measurement lies in the predicted interval.</param>
public sealed record PerDeviceLatencyHoldoutResult(
    string Device,
    int TrainCount,
    int TestCount,
    double Spearman,
    double KendallTau,
    double MapePercent,
    double MedianApePercent,
    double Within10Percent,
    double NominalCoverage,
    double IntervalCoverage,
    double FitSeconds,
    double PredictSeconds);

/// <summary>Evaluates <see cref="PerDeviceLatencyTrainer"/> on one device column of a measurement table.</summary>
public static class PerDeviceLatencyHoldout
{
    /// <summary>
    /// Trains on <paramref name="trainCount"/> of the device's measured rows, drawn with <paramref name="sampleSeed"/>,
    /// and scores the predictions on all its other measured rows.
    /// </summary>
    public static PerDeviceLatencyHoldoutResult Evaluate(
        MeasurementTable table, string device, int trainCount, int sampleSeed, PerDeviceLatencyTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var split = HoldoutSplit.Draw(table, device, trainCount, sampleSeed, nameof(trainCount));
        var trainer = new PerDeviceLatencyTrainer(split.Space, options);

        var clock = Stopwatch.StartNew();
        var model = trainer.Fit(split.TrainArchitectures.Zip(split.TrainValues).ToArray());
        double fitSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var predicted = model.Predict(split.TestArchitectures);
        double predictSeconds = clock.Elapsed.TotalSeconds;

        var ms = predicted.Select(p => p.Ms).ToArray();
        int covered = 0;
        for (int i = 0; i < ms.Length; i++)
            if (predicted[i].LowerMs <= split.TestValues[i] && split.TestValues[i] <= predicted[i].UpperMs) covered++;
        // Relative errors need a non-zero measurement; a 0 ms cell (none in the shared data) is left out of them.
        var positive = Enumerable.Range(0, ms.Length).Where(i => split.TestValues[i] > 0).ToArray();
        var predictedPositive = positive.Select(i => ms[i]).ToArray();
        var measuredPositive = positive.Select(i => split.TestValues[i]).ToArray();
        var ape = positive.Select(i => 100.0 * Math.Abs(ms[i] - split.TestValues[i]) / split.TestValues[i]).ToArray();
        return new PerDeviceLatencyHoldoutResult(
            device, trainCount, ms.Length,
            Correlation.Spearman(ms, split.TestValues),
            Correlation.KendallTauB(ms, split.TestValues),
            ErrorMetrics.MeanAbsolutePercentageError(predictedPositive, measuredPositive),
            Descriptive.Median(ape),
            ErrorMetrics.ShareWithin(predictedPositive, measuredPositive, 0.10),
            model.IntervalCoverage,
            (double)covered / ms.Length,
            fitSeconds,
            predictSeconds);
    }
}

using System.Diagnostics;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Evaluation;

/// <summary>
/// Leave-devices-out cross-validation of a latency method on one table: for each fold (a group of devices), train
/// on all other devices and evaluate on the fold's devices as new ones, for each seed. Every device should appear
/// in exactly one fold.
/// </summary>
public static class LeaveDevicesOut
{
    private static double Median(IEnumerable<double> values) => EdgeOpt.Core.Statistics.Descriptive.Median(values.ToArray());

    /// <summary>One fold per device.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> EachDevice(MeasurementTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Devices.Select(d => (IReadOnlyList<string>)[d]).ToArray();
    }

    /// <summary>
    /// Folds from text: "each", "unlike:N" (the N devices least like any other, each alone: see
    /// <see cref="DeviceLikeness"/>), or groups separated by ';' of devices separated by ','.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> ParseFolds(string text, MeasurementTable table) => ParseFolds(text, table, out _);

    /// <inheritdoc cref="ParseFolds(string, MeasurementTable)"/>
    /// <param name="likeness">For "unlike:N", every device's likeness the choice was made from (least alike first); otherwise null.</param>
    public static IReadOnlyList<IReadOnlyList<string>> ParseFolds(string text, MeasurementTable table, out IReadOnlyList<DeviceLikeness>? likeness)
    {
        ArgumentNullException.ThrowIfNull(text);
        likeness = null;
        var trimmed = text.Trim();
        if (trimmed.Equals("each", StringComparison.OrdinalIgnoreCase)) return EachDevice(table);
        const string unlike = "unlike:";
        if (trimmed.StartsWith(unlike, StringComparison.OrdinalIgnoreCase))
        {
            var count = trimmed[unlike.Length..];
            if (!int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                throw new ArgumentException($"folds: unlike:N needs a whole number of devices, got '{count}'");
            likeness = DeviceLikeness.Of(table);
            return DeviceLikeness.UnlikeFolds(likeness, n);
        }
        var folds = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(f => (IReadOnlyList<string>)f.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        if (folds.Length == 0) throw new ArgumentException("folds: 'each', 'unlike:N', or groups like 'a,b;c,d'");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in folds.SelectMany(f => f))
        {
            if (!table.HasDevice(device))
                throw new ArgumentException($"fold device '{device}' is not in the table; available: {string.Join(", ", table.Devices)}");
            if (!seen.Add(device)) throw new ArgumentException($"device '{device}' appears in more than one fold");
        }
        return folds;
    }

    public static LeaveDevicesOutReport Run(
        Func<int, ILatencyPredictorTrainer> trainerForSeed, ISearchSpace space, MeasurementTable table,
        IReadOnlyList<IReadOnlyList<string>> folds, IReadOnlyList<int> seeds, int samples, int? trainSamples,
        CancellationToken cancellationToken, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trainerForSeed);
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0) throw new ArgumentException("at least one seed", nameof(seeds));
        if (folds.Count == 0) throw new ArgumentException("at least one fold", nameof(folds));
        var clock = Stopwatch.StartNew();
        var results = new Dictionary<string, List<LatencyDeviceResult>>(StringComparer.Ordinal);
        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var trainSeconds = new List<double>();
        var method = "";
        for (var f = 0; f < folds.Count; f++)
        {
            foreach (var seed in seeds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var trainer = trainerForSeed(seed);
                method = trainer.Name;
                var report = LatencyEvaluation.Run(trainer, new LatencyEvaluationSetup
                {
                    Space = space, Train = table, Test = table, TestDevices = folds[f], Samples = samples, Seed = seed,
                    TrainSamples = trainSamples,
                }, cancellationToken);
                trainSeconds.Add(report.TrainSeconds);
                foreach (var device in report.Devices)
                {
                    foldOf[device.Device] = f;
                    if (!results.TryGetValue(device.Device, out var list)) results[device.Device] = list = [];
                    list.Add(device);
                    progress?.Invoke($"fold {f + 1}/{folds.Count} seed {seed}: {device.Device} srcc {device.Metrics.Srcc:0.000}");
                }
            }
        }
        var rows = results.Select(pair => new LeaveDevicesOutRow(
            pair.Key, foldOf[pair.Key], LatencyMetrics.Mean(pair.Value.Select(r => r.Metrics).ToArray()), pair.Value)).ToArray();
        var all = results.Values.SelectMany(v => v).ToArray();
        return new LeaveDevicesOutReport(
            space.Id, method, samples, seeds.ToArray(), folds, rows,
            LatencyMetrics.Mean(rows.Select(r => r.Mean).ToArray()),
            trainSeconds.Average(), Median(all.Select(r => r.AdaptMilliseconds)), Median(all.Select(r => r.PredictMilliseconds)),
            clock.Elapsed.TotalSeconds);
    }
}

using System.Diagnostics;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Learning.Evaluation.Ceiling;

/// <summary>
/// How well an architecture-only predictor can rank a recorded device column: a ridge fit of log latency on an
/// intercept plus the one-hot choice of every decision (<see cref="ChoiceOneHot"/>), on the device's own rows.
/// Reports the holdout figures of a seeded split, the in-sample Spearman on all rows, and, in file order, how much of
/// the in-sample residual its neighbouring rows explain (drift in recording order, which no architecture-only
/// predictor can predict), with the same share in a seeded random order as the chance baseline. File order means
/// recording order only when the file keeps the rows in measurement order and the architectures were measured in
/// random order. With few rows per parameter the in-sample fit absorbs part of the drift (a 300-row fbnet file with
/// 177 parameters showed a third of a known drift where 1,000 rows show most of it), so the drift share is a lower bound.
/// </summary>
public static class AdditiveCeiling
{
    public static CeilingReport Run(
        ISearchSpace space, MeasurementTable table, IReadOnlyList<string>? devices, CeilingOptions options,
        CancellationToken cancellationToken, Action<CeilingDeviceResult>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (table.SpaceId != space.Id)
            throw new ArgumentException($"the table holds '{table.SpaceId}' architectures, not '{space.Id}'");
        var chosen = ChooseDevices(table, devices);
        var clock = Stopwatch.StartNew();
        var design = new ChoiceOneHot(space);
        var rows = table.Architectures.Select(a => design.ActiveColumns(space.Parse(a))).ToArray();
        var results = new List<CeilingDeviceResult>(chosen.Count);
        foreach (var device in chosen)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = OneDevice(table, device, rows, design.ParameterCount, options);
            results.Add(result);
            progress?.Invoke(result);
        }
        var mean = CeilingFigures.Mean(results.Where(r => !r.Skipped).Select(r => r.Figures).ToArray());
        return new CeilingReport(space.Id, design.ParameterCount, options, results, mean, clock.Elapsed.TotalSeconds);
    }

    private static IReadOnlyList<string> ChooseDevices(MeasurementTable table, IReadOnlyList<string>? devices)
    {
        if (devices is null || devices.Count == 0) return table.Devices;
        foreach (var device in devices)
        {
            if (!table.HasDevice(device))
                throw new ArgumentException(
                    $"device '{device}' is not in the file; available: {(table.Devices.Count == 0 ? "(none)" : string.Join(", ", table.Devices))}");
        }
        return devices.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static CeilingDeviceResult OneDevice(MeasurementTable table, string device, int[][] allRows, int parameters, CeilingOptions options)
    {
        var column = table.Column(device);
        var used = new List<int>(column.Count);
        var nonPositive = 0;
        for (var row = 0; row < column.Count; row++)
        {
            if (column[row] is not { } value) continue;
            if (value > 0) used.Add(row);
            else nonPositive++;
        }
        var n = used.Count;
        if (n < parameters + 2)
        {
            return new CeilingDeviceResult(device, n, nonPositive, 0, CeilingFigures.Undefined,
                $"{n} rows with a latency > 0; the additive fit has {parameters} parameters and needs at least {parameters + 2}");
        }

        var design = used.Select(r => allRows[r]).ToArray();
        var latency = used.Select(r => column[r]!.Value).ToArray();
        var logLatency = latency.Select(v => Math.Log(v)).ToArray();
        var random = new Random(options.Seed);

        // Holdout: fit on a seeded share of the rows, score the rest.
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var held = Math.Clamp((int)Math.Round(options.Holdout * n), 1, n - 1);
        var train = order[held..];
        var test = order[..held];
        var holdoutFit = AdditiveRidge.Fit(train.Select(i => design[i]).ToArray(), train.Select(i => logLatency[i]).ToArray(), parameters, options.Penalty);
        var predicted = test.Select(i => Math.Exp(holdoutFit.Predict(design[i]))).ToArray();
        var measured = test.Select(i => latency[i]).ToArray();
        var holdoutSrcc = held >= 2 ? Correlation.Spearman(predicted, measured) : double.NaN;

        // In sample: fit on every row; residuals in file order.
        var fit = AdditiveRidge.Fit(design, logLatency, parameters, options.Penalty);
        var fitted = design.Select(fit.Predict).ToArray();
        var residuals = new double[n];
        for (var i = 0; i < n; i++) residuals[i] = logLatency[i] - fitted[i];
        var drift = OrderDrift.NeighbourMeans(residuals, options.Window);
        var withoutDrift = new double[n];
        for (var i = 0; i < n; i++) withoutDrift[i] = logLatency[i] - drift[i];
        var shuffled = (double[])residuals.Clone();
        random.Shuffle(shuffled);

        var figures = new CeilingFigures(
            holdoutSrcc,
            ErrorMetrics.ShareWithin(predicted, measured, 0.10),
            ErrorMetrics.MeanAbsolutePercentageError(predicted, measured) / 100.0,
            Correlation.Spearman(fitted, latency),
            OrderDrift.Lag1Autocorrelation(residuals),
            OrderDrift.Lag1Autocorrelation(fitted),
            OrderDrift.Share(residuals, drift),
            Correlation.Spearman(fitted, withoutDrift),
            OrderDrift.Share(shuffled, options.Window));
        return new CeilingDeviceResult(device, n, nonPositive, held, figures, null);
    }
}

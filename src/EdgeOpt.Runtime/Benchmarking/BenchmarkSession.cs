using EdgeOpt.Core.Datasets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// Measures a list of networks one after another on this machine and collects their median latencies into a
/// <see cref="MeasurementTable"/> (one device column named by the caller). An item whose model cannot be
/// built or run is recorded with its error and an empty cell, and the session goes on; cancellation stops it.
/// </summary>
public sealed class BenchmarkSession
{
    private readonly BenchmarkRunner _runner;
    private readonly ILogger _logger;

    public BenchmarkSession(BenchmarkRunner runner, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <param name="spaceId">Search space of the architecture strings.</param>
    /// <param name="deviceColumn">Name of the table's device column, e.g. "xeon_8480_1".</param>
    /// <param name="items">Networks to measure, each architecture at most once.</param>
    /// <param name="options">Measurement options for every item.</param>
    /// <param name="precisionLabel">Precision recorded in each provenance, e.g. "fp32".</param>
    /// <param name="progress">One report per finished item.</param>
    /// <param name="cancellationToken">Stops the session with <see cref="OperationCanceledException"/>.</param>
    public BenchmarkSessionResult Run(
        string spaceId,
        string deviceColumn,
        IReadOnlyList<BenchmarkItem> items,
        BenchmarkOptions options,
        string precisionLabel,
        IProgress<BenchmarkItemProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spaceId);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(precisionLabel);
        if (MeasurementTable.DeviceNameProblem(deviceColumn) is { } problem)
            throw new ArgumentException(problem, nameof(deviceColumn));
        options.Validate();
        CheckItems(items);

        var results = new List<BenchmarkItemResult>(items.Count);
        var medians = new double?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = items[i];
            BenchmarkItemResult outcome;
            try
            {
                var model = item.ModelFactory(cancellationToken);
                var result = _runner.Run(model, options, precisionLabel, progress: null, cancellationToken);
                medians[i] = result.MedianMs;
                outcome = new BenchmarkItemResult(i, item.Arch, result, null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Benchmark item {Index} ('{Arch}') failed: {Error}", i, item.Arch, ex.Message);
                outcome = new BenchmarkItemResult(i, item.Arch, null, $"{ex.GetType().Name}: {ex.Message}");
            }
            results.Add(outcome);
            progress?.Report(new BenchmarkItemProgress(i, items.Count, item.Arch, outcome.Result, outcome.Error));
        }

        var table = new MeasurementTable(
            spaceId,
            items.Select(x => x.Arch).ToArray(),
            nb201Indices: null,
            [new DeviceColumn(deviceColumn, medians)]);
        return new BenchmarkSessionResult(table, deviceColumn, precisionLabel, options, results);
    }

    private static void CheckItems(IReadOnlyList<BenchmarkItem> items)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new ArgumentException($"item {i} is null", nameof(items));
            if (string.IsNullOrWhiteSpace(item.Arch))
                throw new ArgumentException($"item {i} has an empty architecture string", nameof(items));
            if (item.ModelFactory is null)
                throw new ArgumentException($"item {i} ('{item.Arch}') has no model factory", nameof(items));
            if (!seen.TryAdd(item.Arch, i))
                throw new ArgumentException(
                    $"architecture '{item.Arch}' is given as item {seen[item.Arch]} and item {i}; each may be measured once per session",
                    nameof(items));
        }
    }
}

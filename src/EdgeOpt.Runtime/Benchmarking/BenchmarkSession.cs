using EdgeOpt.Core.Datasets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// Measures a list of networks on this machine and collects their median latencies into a
/// <see cref="MeasurementTable"/> (one device column named by the caller). With <c>rounds</c> R &gt; 1 the
/// whole list is timed R times in separate passes (round-robin: item 0..n-1, then again 0..n-1, ...), so a slow
/// drift of the machine (thermal state, other tenants of a VM) hits every model alike instead of the models
/// measured in a bad minute; each model's figure is the median of its R round medians and the spread between
/// its rounds is kept as a drift figure (<see cref="BenchmarkItemResult.RoundSpread"/>). An item whose model
/// cannot be built or run is recorded with its error and an empty cell, is not tried again in later rounds,
/// and the session goes on; cancellation stops it.
/// </summary>
public sealed class BenchmarkSession
{
    private readonly BenchmarkRunner _runner;
    private readonly ILogger _logger;

    /// <param name="runner">Times each model.</param>
    /// <param name="logger">Warnings for failed items.</param>
    /// <param name="rounds">Passes over the whole list, at least 1.</param>
    public BenchmarkSession(BenchmarkRunner runner, ILogger? logger = null, int rounds = 1)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "rounds must be >= 1 (passes over the whole list)");
        _runner = runner;
        _logger = logger ?? NullLogger.Instance;
        Rounds = rounds;
    }

    /// <summary>Passes over the whole list.</summary>
    public int Rounds { get; }

    /// <param name="spaceId">Search space of the architecture strings.</param>
    /// <param name="deviceColumn">Name of the table's device column, e.g. "xeon_8480_1".</param>
    /// <param name="items">Networks to measure, each architecture at most once.</param>
    /// <param name="options">Measurement options for every item and round.</param>
    /// <param name="precisionLabel">Precision recorded in each provenance, e.g. "fp32".</param>
    /// <param name="progress">One report per finished item and round.</param>
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

        var rounds = new List<BenchmarkResult>[items.Count];
        var errors = new string?[items.Count];
        for (var i = 0; i < items.Count; i++) rounds[i] = new List<BenchmarkResult>(Rounds);

        foreach (var (round, i) in RoundRobin.Order(items.Count, Rounds))
        {
            if (errors[i] is not null) continue;
            cancellationToken.ThrowIfCancellationRequested();
            var item = items[i];
            BenchmarkResult? result = null;
            try
            {
                var model = item.ModelFactory(cancellationToken);
                result = _runner.Run(model, options, precisionLabel, progress: null, cancellationToken);
                rounds[i].Add(result);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Benchmark item {Index} ('{Arch}') failed in round {Round}: {Error}", i, item.Arch, round + 1, ex.Message);
                errors[i] = $"{ex.GetType().Name}: {ex.Message}";
            }
            progress?.Report(new BenchmarkItemProgress(i, items.Count, item.Arch, result, errors[i], round, Rounds));
        }

        var results = new BenchmarkItemResult[items.Count];
        var medians = new double?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var roundMedians = rounds[i].Count == 0 ? null : rounds[i].Select(r => r.MedianMs).ToArray();
            var representative = errors[i] is null && roundMedians is not null ? rounds[i][RoundAggregate.Representative(roundMedians)] : null;
            results[i] = new BenchmarkItemResult(i, items[i].Arch, representative, errors[i], roundMedians);
            medians[i] = results[i].MedianMs;
        }

        var table = new MeasurementTable(
            spaceId,
            items.Select(x => x.Arch).ToArray(),
            nb201Indices: null,
            [new DeviceColumn(deviceColumn, medians)]);
        return new BenchmarkSessionResult(table, deviceColumn, precisionLabel, options, results, Rounds);
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

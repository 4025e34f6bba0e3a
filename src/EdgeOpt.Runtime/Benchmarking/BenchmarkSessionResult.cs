using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// What a <see cref="BenchmarkSession"/> produced: a measurement table with one device column of median
/// latencies (ms; empty where an item failed; with several rounds the median of the round medians) and the full
/// per-item results for the provenance sidecar.
/// </summary>
public sealed record BenchmarkSessionResult(
    MeasurementTable Table,
    string DeviceColumn,
    string Precision,
    BenchmarkOptions Options,
    IReadOnlyList<BenchmarkItemResult> Items,
    int Rounds = 1)
{
    public int Failed => Items.Count(i => !i.Succeeded);

    /// <summary>Median and 90th percentile over the measured items of their spread between rounds; null with one round.</summary>
    public (double Median, double P90)? RoundDrift
    {
        get
        {
            var spreads = Items.Select(i => i.RoundSpread).OfType<double>().ToArray();
            return spreads.Length == 0 ? null : (Descriptive.Median(spreads), Descriptive.Percentile(spreads, 90));
        }
    }
}

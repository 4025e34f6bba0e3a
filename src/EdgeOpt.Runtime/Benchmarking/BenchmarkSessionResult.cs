using EdgeOpt.Core.Datasets;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// What a <see cref="BenchmarkSession"/> produced: a measurement table with one device column of median
/// latencies (ms; empty where an item failed) and the full per-item results for the provenance sidecar.
/// </summary>
public sealed record BenchmarkSessionResult(
    MeasurementTable Table,
    string DeviceColumn,
    string Precision,
    BenchmarkOptions Options,
    IReadOnlyList<BenchmarkItemResult> Items)
{
    public int Failed => Items.Count(i => !i.Succeeded);
}

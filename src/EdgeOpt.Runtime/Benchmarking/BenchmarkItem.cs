namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>One network to measure: its canonical architecture string and a factory for its ONNX bytes.</summary>
/// <param name="Arch">Canonical architecture string (the row name in the resulting table).</param>
/// <param name="ModelFactory">Builds the serialized ONNX model; called once, just before the item is measured.</param>
public sealed record BenchmarkItem(string Arch, Func<CancellationToken, byte[]> ModelFactory);

/// <summary>The outcome of one item: a result, or the error that stopped it (the table cell is then empty).</summary>
public sealed record BenchmarkItemResult(int Index, string Arch, BenchmarkResult? Result, string? Error)
{
    public bool Succeeded => Result is not null;
}

/// <summary>Reported after each item of a <see cref="BenchmarkSession"/>.</summary>
/// <param name="Index">0-based index of the item just finished.</param>
/// <param name="Total">Number of items.</param>
/// <param name="Arch">Its architecture string.</param>
/// <param name="Result">Its measurement, or null when it failed.</param>
/// <param name="Error">Why it failed, or null.</param>
public sealed record BenchmarkItemProgress(int Index, int Total, string Arch, BenchmarkResult? Result, string? Error);

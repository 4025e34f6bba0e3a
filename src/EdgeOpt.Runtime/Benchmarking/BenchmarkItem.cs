namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>One network to measure: its canonical architecture string and a factory for its ONNX bytes.</summary>
/// <param name="Arch">Canonical architecture string (the row name in the resulting table).</param>
/// <param name="ModelFactory">Builds the serialized ONNX model; called just before the item is measured, once per round.</param>
public sealed record BenchmarkItem(string Arch, Func<CancellationToken, byte[]> ModelFactory);

/// <summary>
/// The outcome of one item: a result, or the error that stopped it (the table cell is then empty). With several
/// rounds, <see cref="RoundMediansMs"/> holds each round's median, <see cref="MedianMs"/> (the table cell) is
/// their median (<see cref="RoundAggregate"/>), and <see cref="Result"/> is the full statistics of the round
/// nearest that median.
/// </summary>
/// <param name="Index">Position of the item in the session's list.</param>
/// <param name="Arch">Its architecture string.</param>
/// <param name="Result">The representative round's measurement, or null when the item failed in any round.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="RoundMediansMs">Each completed round's median in round order; null for a failure before any round completed.</param>
public sealed record BenchmarkItemResult(
    int Index, string Arch, BenchmarkResult? Result, string? Error, IReadOnlyList<double>? RoundMediansMs = null)
{
    public bool Succeeded => Result is not null;

    /// <summary>The item's figure: the median of its round medians (one round: that round's median); null when it failed.</summary>
    public double? MedianMs => Result is null
        ? null
        : RoundMediansMs is { Count: > 0 } rounds ? RoundAggregate.Median(rounds) : Result.MedianMs;

    /// <summary>(max - min) / median of the round medians; null with one round or on failure.</summary>
    public double? RoundSpread => Result is not null && RoundMediansMs is { Count: > 1 } rounds
        ? RoundAggregate.RelativeSpread(rounds)
        : null;
}

/// <summary>Reported after each item of each round of a <see cref="BenchmarkSession"/>.</summary>
/// <param name="Index">0-based index of the item just finished.</param>
/// <param name="Total">Number of items.</param>
/// <param name="Arch">Its architecture string.</param>
/// <param name="Result">Its measurement in this round, or null when it failed.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="Round">0-based round of this measurement.</param>
/// <param name="Rounds">Number of rounds of the session.</param>
public sealed record BenchmarkItemProgress(
    int Index, int Total, string Arch, BenchmarkResult? Result, string? Error, int Round = 0, int Rounds = 1);

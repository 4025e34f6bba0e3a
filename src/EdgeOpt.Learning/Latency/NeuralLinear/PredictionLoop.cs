namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// Runs independent per-architecture predictions: in parallel chunks for a whole space (tens of thousands of
/// architectures), inline for a few. Each index is visited exactly once; the body must write only its own slot.
/// </summary>
internal static class PredictionLoop
{
    /// <summary>Below this many architectures the loop stays on the calling thread.</summary>
    public const int ParallelFrom = 4096;

    private const int ChunkSize = 1024;

    public static void Run(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count < ParallelFrom || Environment.ProcessorCount < 2)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, chunk =>
        {
            var end = Math.Min(count, (chunk + 1) * ChunkSize);
            for (var i = chunk * ChunkSize; i < end; i++) body(i);
        });
    }
}

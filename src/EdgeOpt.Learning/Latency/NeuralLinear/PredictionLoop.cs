namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// Runs predictions for a list of architectures block by block: in parallel for a whole space (tens of thousands of
/// architectures), inline for a few. Each block is visited exactly once; the body must write only its own slots.
/// </summary>
internal static class PredictionLoop
{
    /// <summary>Below this many architectures the loop stays on the calling thread.</summary>
    public const int ParallelFrom = 4096;

    /// <summary>
    /// Calls <paramref name="body"/>(start, length, work) for consecutive blocks of at most
    /// <paramref name="blockSize"/> indices covering 0..count-1; each thread gets its own work from
    /// <paramref name="newWork"/> (created once per thread, not per block).
    /// </summary>
    public static void RunBlocks<TWork>(int count, int blockSize, Func<TWork> newWork, Action<int, int, TWork> body)
    {
        ArgumentNullException.ThrowIfNull(newWork);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var blocks = (count + blockSize - 1) / blockSize;
        if (count < ParallelFrom || Environment.ProcessorCount < 2)
        {
            if (blocks == 0) return;
            var work = newWork();
            for (var block = 0; block < blocks; block++) Run(block, work);
            return;
        }
        Parallel.For(0, blocks, newWork, (block, _, work) =>
        {
            Run(block, work);
            return work;
        }, _ => { });

        void Run(int block, TWork work)
        {
            var start = block * blockSize;
            body(start, Math.Min(blockSize, count - start), work);
        }
    }
}

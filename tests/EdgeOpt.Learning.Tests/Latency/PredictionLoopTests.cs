using System.Collections.Concurrent;
using EdgeOpt.Learning.Latency.NeuralLinear;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class PredictionLoopTests
{
    [Theory]
    [InlineData(0, 256)]
    [InlineData(7, 256)]
    [InlineData(7, 3)]
    [InlineData(PredictionLoop.ParallelFrom + 1500, 256)]
    public void RunBlocks_VisitsEveryIndexExactlyOnceInBlocksOfAtMostTheSize(int count, int blockSize)
    {
        var visits = new int[count];
        PredictionLoop.RunBlocks(count, blockSize, () => 0, (start, length, _) =>
        {
            Assert.InRange(length, 1, blockSize);
            for (var i = start; i < start + length; i++) Interlocked.Increment(ref visits[i]);
        });
        Assert.All(visits, v => Assert.Equal(1, v));
    }

    [Fact]
    public void RunBlocks_WorkIsNeverSharedByTwoBlocksAtOnce()
    {
        var created = new ConcurrentBag<object>();
        var inUse = new ConcurrentDictionary<object, byte>();
        PredictionLoop.RunBlocks(PredictionLoop.ParallelFrom * 2, 64, () =>
        {
            var work = new object();
            created.Add(work);
            return work;
        }, (_, _, work) =>
        {
            Assert.True(inUse.TryAdd(work, 0), "a work object used by two blocks at the same time");
            Thread.SpinWait(1000);
            inUse.TryRemove(work, out var _);
        });
        Assert.InRange(created.Count, 1, PredictionLoop.ParallelFrom * 2 / 64);
    }
}

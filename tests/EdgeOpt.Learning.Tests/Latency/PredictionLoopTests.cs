using EdgeOpt.Learning.Latency.NeuralLinear;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class PredictionLoopTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(PredictionLoop.ParallelFrom + 1500)]
    public void Run_VisitsEveryIndexExactlyOnce(int count)
    {
        var visits = new int[count];
        PredictionLoop.Run(count, i => Interlocked.Increment(ref visits[i]));
        Assert.All(visits, v => Assert.Equal(1, v));
    }
}

using EdgeOpt.Learning.Evaluation.Ceiling;

namespace EdgeOpt.Learning.Tests.Evaluation.Ceiling;

public sealed class OrderDriftTests
{
    [Fact]
    public void NeighbourMeans_AverageTheWindowOnEachSide_LeavingTheRowOut_AndShrinkAtTheEnds()
    {
        double[] r = [1, 2, 3, 4, 100];

        var d = OrderDrift.NeighbourMeans(r, window: 1);

        Assert.Equal([2.0, 2.0, 3.0, 51.5, 4.0], d);
    }

    [Fact]
    public void Share_OfAStepInOrder_IsHigh_OfIndependentValues_IsAboutMinusOneOverTwiceTheWindow()
    {
        var random = new Random(1);
        var independent = Enumerable.Range(0, 20000).Select(_ => random.NextDouble() - 0.5).ToArray();
        var step = Enumerable.Range(0, 2000).Select(i => i < 1000 ? -1.0 : 1.0).ToArray();

        Assert.Equal(-1.0 / 20, OrderDrift.Share(independent, window: 10), 2);
        Assert.True(OrderDrift.Share(step, window: 10) > 0.95);
        Assert.True(double.IsNaN(OrderDrift.Share(new double[10], window: 2)));
    }

    [Fact]
    public void Lag1_OfIndependentValues_IsNearZero_OfASmoothSequence_NearOne_OfAnAlternatingOne_NearMinusOne()
    {
        var random = new Random(2);
        var independent = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).ToArray();
        var smooth = Enumerable.Range(0, 1000).Select(i => Math.Sin(i / 50.0)).ToArray();
        var alternating = Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();

        Assert.InRange(OrderDrift.Lag1Autocorrelation(independent), -0.05, 0.05);
        Assert.True(OrderDrift.Lag1Autocorrelation(smooth) > 0.99);
        Assert.True(OrderDrift.Lag1Autocorrelation(alternating) < -0.99);
    }
}

using EdgeOpt.Learning.Latency.Design;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class GreedyVarianceDesignTests
{
    private static double[][] Points(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
    }

    [Fact]
    public void Select_SameInputsAndSeed_SameDistinctPoints()
    {
        var kernel = new LinearFeatureKernel(Points(200, 5, 1), 1.0, 1.0);
        var first = GreedyVarianceDesign.Select(kernel, _ => true, [], 10, 0.01, seed: 7);
        var second = GreedyVarianceDesign.Select(kernel, _ => true, [], 10, 0.01, seed: 7);

        Assert.Equal(first, second);
        Assert.Equal(10, first.Distinct().Count());
    }

    [Fact]
    public void Select_OnlyFromSelectablePointsAndNeverTheConditionedOnes()
    {
        var kernel = new LinearFeatureKernel(Points(100, 4, 2), 1.0, 1.0);
        var conditioned = new[] { 0, 2, 4 };
        var chosen = GreedyVarianceDesign.Select(kernel, i => i % 2 == 0, conditioned, 20, 0.01, seed: 0);

        Assert.Equal(20, chosen.Length);
        Assert.All(chosen, i => Assert.True(i % 2 == 0, $"point {i} is not selectable"));
        Assert.Empty(chosen.Intersect(conditioned));
    }

    [Fact]
    public void Select_MoreThanAvailable_ReturnsEverySelectablePointOnce()
    {
        var kernel = new LinearFeatureKernel(Points(12, 3, 3), 1.0, 1.0);
        var chosen = GreedyVarianceDesign.Select(kernel, i => i < 5, [], 10, 0.01, seed: 0);
        Assert.Equal([0, 1, 2, 3, 4], chosen.Order().ToArray());
    }

    [Fact]
    public void Select_LinearKernel_FirstPickIsThePointOfLargestNorm()
    {
        var points = Points(50, 3, 4);
        points[17] = [5, 5, 5];
        var chosen = GreedyVarianceDesign.Select(new LinearFeatureKernel(points, 1.0, 0.0), _ => true, [], 1, 0.01, seed: 0);
        Assert.Equal(17, chosen[0]);
    }

    [Fact]
    public void Select_PointsOnAPlane_FirstTwoPicksSpanIt()
    {
        // Points on a plane through the origin: two independent picks determine a linear model on it.
        var random = new Random(5);
        var points = Enumerable.Range(0, 60).Select(_ => { var a = random.NextDouble(); var b = random.NextDouble(); return new[] { a, b, a + b }; }).ToArray();
        var kernel = new LinearFeatureKernel(points, 1.0, 0.0);
        var chosen = GreedyVarianceDesign.Select(kernel, _ => true, [], 2, 1e-9, seed: 0);
        Assert.NotEqual(chosen[0], chosen[1]);
        var p0 = points[chosen[0]];
        var p1 = points[chosen[1]];
        Assert.True(Math.Abs(p0[0] * p1[1] - p0[1] * p1[0]) > 1e-3, "the two picks span the plane");
    }

    [Fact]
    public void Select_NoiseNotPositive_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            GreedyVarianceDesign.Select(new LinearFeatureKernel(Points(3, 2, 1), 1, 1), _ => true, [], 1, 0.0, 0));
}

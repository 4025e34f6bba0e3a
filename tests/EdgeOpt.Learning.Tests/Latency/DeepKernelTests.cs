using EdgeOpt.Learning.Latency.NeuralLinear;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class DeepKernelTests
{
    private static KernelPoint Point(double[] factor, int[] active, bool degenerate = false, double mean = 0, double[]? counts = null) =>
        new(factor, mean, active, counts ?? [0.0, 0.0], degenerate);

    [Fact]
    public void Between_HeadProductPlusOptionInteractionAndCountTerms()
    {
        var a = Point([1, 2], [0, 5, 9, 12], counts: [0.5, -0.5]);
        var b = Point([3, -1], [0, 6, 9, 13], counts: [1.0, 0.0]);
        var h = new KernelHyperparameters(HeadScale: 2, OptionVariance: 0.5, Noise: 0.01, InteractionVariance: 0.2, CountVariance: 0.1);

        // head 1·3 + 2·(-1) = 1; shared 2 of 4 = 0.5; counts 0.5·1 + (-0.5)·0 = 0.5.
        Assert.Equal(2 * 1 + 0.5 * 0.5 + 0.2 * 0.25 + 0.1 * 0.5, DeepKernel.Between(a, b, h), 12);
        Assert.Equal(2 * 5 + 0.5 + 0.2 + 0.1 * 0.5, DeepKernel.Self(a, h), 12);
    }

    [Fact]
    public void Between_DegenerateModelledApart_OnlyDegeneratePairsCovary()
    {
        var regular = Point([1, 1], [0, 1]);
        var deadA = Point([1, 1], [0, 1], degenerate: true);
        var deadB = Point([2, 0], [0, 2], degenerate: true);
        var h = new KernelHyperparameters(1, 0.1, 0.01, SeparateDegenerate: true, DegenerateVariance: 9, DegenerateSpread: 1);

        Assert.Equal(0.0, DeepKernel.Between(regular, deadA, h));
        Assert.Equal(9.0, DeepKernel.Between(deadA, deadB, h));
        Assert.Equal(10.0, DeepKernel.Self(deadA, h));
        Assert.Equal(2 + 0.1, DeepKernel.Self(regular, h), 12);
    }

    [Fact]
    public void Posterior_TinyNoise_ReproducesTheMeasuredValues()
    {
        var points = new[]
        {
            Point([1, 0], [0, 3], mean: 1.0), Point([0, 1], [1, 3], mean: 2.0), Point([1, 1], [1, 4], mean: 0.5),
        };
        var logs = new[] { 1.3, 1.7, 0.9 };
        var posterior = GaussianPosterior.Fit(points, logs, new KernelHyperparameters(1, 0.3, 1e-8));
        for (var i = 0; i < points.Length; i++)
        {
            var (mean, variance) = posterior.Predict(points[i]);
            Assert.Equal(logs[i], mean, 5);
            Assert.True(variance < 1e-5, $"variance {variance} at a measured point");
        }
    }

    [Fact]
    public void Posterior_FarFromMeasurements_FallsBackToThePriorMean()
    {
        var measured = new[] { Point([1, 0], [0, 3], mean: 1.0) };
        var posterior = GaussianPosterior.Fit(measured, [5.0], new KernelHyperparameters(1, 0.0, 0.01));
        var unrelated = Point([0, 1], [1, 4], mean: 2.5);
        var (mean, variance) = posterior.Predict(unrelated);
        Assert.Equal(2.5, mean, 12);
        Assert.Equal(1 + 0.01, variance, 12);
    }
}

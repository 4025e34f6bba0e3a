using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class MeasurementResolutionTests
{
    [Fact]
    public void Of_WholeMilliseconds_StepIsOne()
    {
        Assert.Equal(1.0, MeasurementResolution.Of([16, 33, 9, 29, 62]));
    }

    [Fact]
    public void Of_TenthsOfAMillisecond_StepIsOneTenth()
    {
        Assert.Equal(0.1, MeasurementResolution.Of([16.2, 33.0, 9.7]), 12);
    }

    [Fact]
    public void Of_StepNeverExceedsTheSmallestValue()
    {
        // All are multiples of 10; 300 is also one of 100, but 20 and 40 are not.
        Assert.Equal(10.0, MeasurementResolution.Of([20, 40, 300]));
        Assert.Equal(1.0, MeasurementResolution.Of([3, 1000]));
    }

    [Fact]
    public void Of_FullPrecisionValues_StepTooFineToMatter()
    {
        var step = MeasurementResolution.Of([10.7544123, 7.65848871, 17.25530017]);
        Assert.Equal(0.0, step);
        Assert.Equal(0.0, MeasurementResolution.LogVariance(step, 10.75));
    }

    [Fact]
    public void Of_NoValueOrNonPositiveValue_NoStep()
    {
        Assert.Equal(0.0, MeasurementResolution.Of([]));
        Assert.Equal(0.0, MeasurementResolution.Of([0.0, 5.0]));
    }

    [Fact]
    public void LogVariance_LargerForFastNetworksAndCoarserSteps()
    {
        Assert.True(MeasurementResolution.LogVariance(1, 3) > MeasurementResolution.LogVariance(1, 30));
        Assert.True(MeasurementResolution.LogVariance(1, 3) > MeasurementResolution.LogVariance(0.1, 3));
        Assert.Equal(1.0 / 12 / 9, MeasurementResolution.LogVariance(1, 3), 12);
    }

    [Fact]
    public void Posterior_RoundedMeasurements_FastNetworksGetWiderPredictions()
    {
        KernelPoint Point(double[] factor) => new(factor, 0, [0, 1], [0.0], false);
        var measured = new[] { Point([1, 0]), Point([0, 1]) };
        var values = new[] { 3.0, 40.0 };
        var logs = values.Select(v => Math.Log(v)).ToArray();
        var hyper = new KernelHyperparameters(1, 0.0, 1e-4);
        var exact = GaussianPosterior.Fit(new ObservedKernel(measured), logs, hyper);
        var rounded = GaussianPosterior.Fit(new ObservedKernel(measured, resolution: 1, values), logs, hyper);

        var fast = Point([1, 0]);
        var slow = Point([0, 1]);
        var addedFast = rounded.Predict(fast).Variance - exact.Predict(fast).Variance;
        var addedSlow = rounded.Predict(slow).Variance - exact.Predict(slow).Variance;
        Assert.True(addedFast > 0, $"rounding added {addedFast} to the variance of the fast network");
        Assert.True(addedFast > 10 * addedSlow, $"added variance fast {addedFast}, slow {addedSlow}");
    }
}

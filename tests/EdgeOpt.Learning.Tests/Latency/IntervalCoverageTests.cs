using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Tests.Support;
using Xunit.Abstractions;

namespace EdgeOpt.Learning.Tests.Latency;

/// <summary>
/// With 5 % log-normal measurement noise and a new device of the same kind as the known ones, a 90 % interval should
/// hold about 90 % of the measurements.
/// </summary>
public sealed class IntervalCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void Ridge_NinetyPercentIntervals_CoverAboutNinetyPercent() =>
        AssertCoverage(new RidgeLatencyTrainer(), samples: 20);

    [Fact]
    public void NeuralLinear_NinetyPercentIntervals_CoverAboutNinetyPercent() =>
        AssertCoverage(LatencyMethodTestKit.SmallNeuralLinear(), samples: 20);

    private void AssertCoverage(ILatencyPredictorTrainer trainer, int samples)
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.05, rows: 600);
        var result = LatencyMethodTestKit.EvaluateNew(trainer, known, fresh, samples);
        output.WriteLine($"{trainer.Name}: coverage {result.Metrics.Coverage90:0.000}, srcc {result.Metrics.Srcc:0.000}");
        Assert.InRange(result.Metrics.Coverage90, 0.8, 0.98);
    }
}

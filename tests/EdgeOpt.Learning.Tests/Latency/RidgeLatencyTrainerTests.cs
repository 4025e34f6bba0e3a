using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Tests.Support;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class RidgeLatencyTrainerTests
{
    [Fact]
    public void Predict_NewDeviceAScalingOfKnownOnes_NearlyExact()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0);
        var result = LatencyMethodTestKit.EvaluateNew(new RidgeLatencyTrainer(), known, fresh, samples: 10);

        Assert.Equal(10, result.Measured);
        Assert.True(result.Metrics.Srcc > 0.999, $"Spearman {result.Metrics.Srcc}");
        Assert.True(result.Metrics.Mape < 0.01, $"MAPE {result.Metrics.Mape}");
    }

    [Fact]
    public void Predict_NoKnownDevice_LearnsFromTheNewDeviceAlone()
    {
        var (_, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0);
        var model = new RidgeLatencyTrainer().Fit(LatencyTrainingData.None(SyntheticFleet.Space), CancellationToken.None);
        var architectures = LatencyMethodTestKit.Parse(fresh);
        var result = EdgeOpt.Learning.Evaluation.LatencyEvaluation.EvaluateDevice(model, "new", fresh.Column("new"), architectures, 40);

        Assert.Empty(model.KnownDevices);
        // The base cost is additive in ms, so an additive model of log cost ranks well but not perfectly.
        Assert.True(result.Metrics.Srcc > 0.9, $"Spearman {result.Metrics.Srcc}");
    }

    [Fact]
    public void Adapt_NoObservation_Throws()
    {
        var (known, _) = LatencyMethodTestKit.ScaledFleet(noise: 0);
        var model = new RidgeLatencyTrainer().Fit(LatencyTrainingData.From(known, SyntheticFleet.Space), CancellationToken.None);
        Assert.Throws<ArgumentException>(() => model.Adapt([]));
    }

    [Fact]
    public void ChooseMeasurements_SameModelTwice_SameChoiceOfDistinctCandidates()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0);
        var model = new RidgeLatencyTrainer().Fit(LatencyTrainingData.From(known, SyntheticFleet.Space), CancellationToken.None);
        var candidates = LatencyMethodTestKit.Parse(fresh);
        var first = model.ChooseMeasurements(candidates, [], 10);
        var second = model.ChooseMeasurements(candidates, [], 10);

        Assert.Equal(first, second);
        Assert.Equal(10, first.Distinct().Count());
    }
}

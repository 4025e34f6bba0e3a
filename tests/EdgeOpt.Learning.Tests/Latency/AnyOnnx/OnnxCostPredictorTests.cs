using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency.AnyOnnx;
using EdgeOpt.Learning.Latency.CostComponents;

namespace EdgeOpt.Learning.Tests.Latency.AnyOnnx;

/// <summary>One predictor fitted on 30 generated convnet models of a synthetic device, shared by the tests.</summary>
public sealed class SyntheticDevicePredictor
{
    public OnnxCostPredictor Predictor { get; } = OnnxCostPredictorTests.FitOnConvnetDesigns(30, seed: 3);
}

public sealed class OnnxCostPredictorTests(SyntheticDevicePredictor fitted) : IClassFixture<SyntheticDevicePredictor>
{
    /// <summary>
    /// A synthetic device whose latency (ms) follows the featurizer's own totals (not the cost components):
    /// 0.02 ms per MMAC, 0.002 ms per 10 kB of activations, 0.01 ms per compute operator, 0.05 ms fixed.
    /// </summary>
    internal static double SyntheticMs(OnnxGraphSummary s) =>
        0.05 + s.MultiplyAdds * 2e-8 + s.ActivationBytes * 2e-7 + s.ComputeOps * 0.01;

    internal static OnnxCostPredictor FitOnConvnetDesigns(int count, int seed)
    {
        var space = SearchSpaces.Get("convnet");
        var random = new Random(seed);
        var designs = new List<(Design, double)>();
        while (designs.Count < count)
        {
            var a = space.Sample(random);
            if (GraphFeatures.Of(a).MultiplyAdds > 1e8) continue; // keeps generation quick
            var design = new Design(a, QuantizationPolicy.Uniform(space.PrecisionSlots, Precision.Fp32));
            var summary = OnnxGraphFeaturizer.Featurize(OnnxModelGenerator.GenerateModel(design)).Summary;
            designs.Add((design, SyntheticMs(summary)));
        }
        return OnnxCostPredictor.FromDesigns(designs, null, CancellationToken.None);
    }

    [Fact]
    public void Predict_CommonCnnsNotFromTheGenerators_WithinTenPercentOfTheSyntheticDevice()
    {
        var predictor = fitted.Predictor;
        foreach (var (name, bytes) in new[]
                 {
                     ("resnet-like w32 b2", CommonCnnGraphs.ResNetLike(32, 2)),
                     ("resnet-like w64 b3", CommonCnnGraphs.ResNetLike(64, 3)),
                     ("mobilenet-like w32 b3", CommonCnnGraphs.MobileNetLike(32, 3)),
                 })
        {
            var truth = SyntheticMs(OnnxGraphFeaturizer.Featurize(bytes).Summary);
            var predicted = predictor.Predict(bytes);
            Assert.True(Math.Abs(predicted.Value / truth - 1) < 0.10, $"{name}: predicted {predicted.Value:F4} ms, true {truth:F4} ms");
            var (lower, upper) = predicted.Interval(0.9);
            Assert.True(lower < predicted.Value && predicted.Value < upper, $"{name}: interval [{lower}, {upper}]");
        }
    }

    [Fact]
    public void Predict_GeneratedModelOfAnUnmeasuredDesign_MatchesTheSyntheticDevice()
    {
        var predictor = fitted.Predictor;
        var space = SearchSpaces.Get("convnet");
        var design = new Design(space.Parse("convnet_L3_F96_K3x3_W30"), QuantizationPolicy.Uniform(1, Precision.Fp32));
        var bytes = OnnxModelGenerator.Generate(design);
        var truth = SyntheticMs(OnnxGraphFeaturizer.Featurize(bytes).Summary);
        Assert.InRange(predictor.Predict(bytes).Value / truth, 0.95, 1.05);
    }

    [Fact]
    public void Predict_UnsupportedOperator_NamesItUnlessTheFallbackIsAllowed()
    {
        var predictor = fitted.Predictor;
        var bytes = CommonCnnGraphs.WithCustomOperator();
        var error = Assert.Throws<OnnxFeaturizationException>(() => predictor.Predict(bytes));
        Assert.Contains("com.example.FancyActivation", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fancy'", error.Message, StringComparison.Ordinal);

        var withFallback = predictor.Predict(bytes, allowFallback: true);
        Assert.True(withFallback.Value > 0);
        Assert.Contains(withFallback.Warnings, w => w.Contains("FancyActivation", StringComparison.Ordinal));
    }

    [Fact]
    public void Predict_ModelFarLargerThanAnyMeasured_IsFlaggedAndItsIntervalWidened()
    {
        var predictor = fitted.Predictor;
        var space = SearchSpaces.Get("convnet");
        var small = predictor.Predict(OnnxModelGenerator.Generate(
            new Design(space.Parse("convnet_L3_F96_K3x3_W30"), QuantizationPolicy.Uniform(1, Precision.Fp32))));
        var huge = predictor.Predict(CommonCnnGraphs.ResNetLike(512, 8, side: 224));
        Assert.False(small.Extrapolated);
        Assert.True(huge.Extrapolated);
        Assert.True(huge.Prediction.LogStdDev > 2 * small.Prediction.LogStdDev,
            $"spread {huge.Prediction.LogStdDev} vs {small.Prediction.LogStdDev}");
    }

    [Fact]
    public void Fit_TooFewModels_SaysHowManyAreNeeded()
    {
        var one = new OnnxCostSample("a", new double[CostComponentVector.Length], 1.0);
        var error = Assert.Throws<ArgumentException>(() => OnnxCostPredictor.Fit([one, one]));
        Assert.Contains($"at least {OnnxCostPredictor.MinimumSamples}", error.Message, StringComparison.Ordinal);
    }
}

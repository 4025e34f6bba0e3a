using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency.AnyOnnx;

namespace EdgeOpt.Cli.Tests.Units;

/// <summary>
/// The any-ONNX featurizer and predictor on CNNs exported by other tools: the CNTK ResNet18 and the ML.NET
/// preprocessing graph of the Microsoft.ML.DnnImageFeaturizer.ResNet18 package.
/// </summary>
public sealed class PackagedResNet18Tests
{
    [PackagedModelFact]
    public void Featurize_CntkResNet18_CostsEveryOperatorWithoutFallbackAndCountsItsConvolutionsMultiplyAdds()
    {
        var analysis = OnnxGraphFeaturizer.FeaturizeFile(PackagedModels.ResNet18);

        Assert.Empty(analysis.Warnings);
        Assert.DoesNotContain(analysis.Operators, o => o.UsedFallback);
        Assert.Equal(
            new Dictionary<string, int> { ["Add"] = 9, ["AveragePool"] = 1, ["BatchNormalization"] = 22, ["Conv"] = 22, ["MaxPool"] = 1, ["Relu"] = 19 },
            analysis.Summary.OpTypeCounts.ToDictionary());
        // By hand from the graph (CNTK's "ResNet18" has three blocks in its last stage): stem 7x7/2 to 64 at 112x112;
        // stage 1: four 3x3 64->64 at 56x56; stages 2 and 3: a 3x3/2 conv, three 3x3 convs and a 1x1/2 shortcut at
        // 28x28 (128) and 14x14 (256); stage 4: a 3x3/2 conv, five 3x3 convs and a 1x1/2 shortcut at 7x7 (512).
        long expected = 112L * 112 * 64 * 3 * 49 + 4L * 56 * 56 * 64 * 64 * 9
            + 28L * 28 * 128 * 64 * 9 + 3L * 28 * 28 * 128 * 128 * 9 + 28L * 28 * 128 * 64
            + 14L * 14 * 256 * 128 * 9 + 3L * 14 * 14 * 256 * 256 * 9 + 14L * 14 * 256 * 128
            + 7L * 7 * 512 * 256 * 9 + 5L * 7 * 7 * 512 * 512 * 9 + 7L * 7 * 512 * 256;
        Assert.Equal(expected, analysis.Summary.MultiplyAdds);
        Assert.Equal(expected, analysis.Operators.Where(o => o.OpType == "Conv").Sum(o => o.MultiplyAdds));
        var last = analysis.Operators[^1];
        Assert.Equal("AveragePool", last.OpType);
        Assert.Equal([1L, 512, 1, 1], last.OutputShape);
    }

    [PackagedModelFact]
    public void Featurize_MlNetPreprocessingGraph_SplitSubConcatAreCostedAsElementwise()
    {
        var analysis = OnnxGraphFeaturizer.FeaturizeFile(PackagedModels.ResNetPreprocess);

        Assert.Empty(analysis.Warnings);
        Assert.Equal(0, analysis.Summary.MultiplyAdds);
        Assert.Equal(["Concat", "Split", "Sub"], analysis.Summary.OpTypeCounts.Keys.Order());
        Assert.True(analysis.Summary.ElementOps >= 3 * 224 * 224, $"{analysis.Summary.ElementOps} element operations");
    }

    [PackagedModelFact]
    public void Predict_ResNet18FromConvnetMeasurements_GivesAnIntervalAndTheWeightlessModelPredictsTheSame()
    {
        // A device that measured ten convnet designs (synthetic costs: 1 ms + 1 ms per GMAC), then a model it never saw.
        var designs = ArchitectureSampling.Distinct(SearchSpaces.Convnet, 10, seed: 4)
            .Select(a => new Design(a, QuantizationPolicy.Uniform(1, Precision.Fp32)))
            .Select(d => (d, 1 + EdgeOpt.Core.Networks.GraphFeatures.Of(d.Architecture).MultiplyAdds / 1e9)).ToArray();
        var predictor = OnnxCostPredictor.FromDesigns(designs, null, CancellationToken.None);
        var bytes = File.ReadAllBytes(PackagedModels.ResNet18);

        var full = predictor.Predict(bytes);
        var weightless = predictor.Predict(OnnxWeightStripping.StripForCosting(bytes));

        Assert.Equal(full.Prediction, weightless.Prediction);
        Assert.True(full.Prediction.Value > 0 && double.IsFinite(full.Prediction.Value), $"{full.Prediction.Value}");
        var (lower, upper) = full.Prediction.Interval(0.9);
        Assert.True(lower < full.Prediction.Value && full.Prediction.Value < upper, $"{lower} < {full.Prediction.Value} < {upper}");
    }
}

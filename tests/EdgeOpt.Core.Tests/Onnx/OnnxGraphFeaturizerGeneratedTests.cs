using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Onnx;

/// <summary>The featurizer on models this project generates: its totals must agree with the network definitions.</summary>
public class OnnxGraphFeaturizerGeneratedTests
{
    public static TheoryData<string, string> Designs() => new()
    {
        { "nb201:mixed", "fp32" }, { "nb201:none", "fp32" }, { "nb201:mixed", "fp16-int8-fp32" }, { "nb201:conv3", "int8" },
        { "fbnet:mixed", "fp32" }, { "fbnet:mixed", "alternating" }, { "fbnet:skip", "fp16" },
        { "convnet_L3_F64_K4x4_W20", "fp32" }, { "convnet_L5_F64_K3x3_W30_DWS", "fp32" },
        { "convnet_L5_F64_K1x1_3_K3x3_2_W20", "int8" }, { "convnet_L4_F64_K2x2_2_K7x7_2_W25", "fp16" },
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void Featurize_GeneratedModel_MacsAndParametersEqualTheNetworksRunTimeLayers(string arch, string policy)
    {
        var design = MakeDesign(arch, policy);
        var network = NetworkDefinitions.Build(design.Architecture);
        var live = RunTimeLayers(network);

        var analysis = OnnxGraphFeaturizer.Featurize(OnnxModelGenerator.Generate(design));

        Assert.Equal(live.Sum(l => l.MultiplyAdds), analysis.Summary.MultiplyAdds);
        Assert.Equal(live.Sum(l => l.Parameters), analysis.Summary.Parameters);
        Assert.Empty(analysis.Warnings);
        Assert.Equal(OnnxGraphFeaturizer.FeatureNames.Count, analysis.Features.Count);
        Assert.All(analysis.Features, v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [InlineData("nb201:mixed", "fp32")]
    [InlineData("nb201:conv3", "int8")]
    [InlineData("fbnet:mixed", "alternating")]
    [InlineData("convnet_L5_F64_K1x1_3_K3x3_2_W20", "int8")]
    public void Featurize_ModelWhoseLayersAllDependOnTheInput_TotalsEqualGraphFeatures(string arch, string policy)
    {
        var design = MakeDesign(arch, policy);
        var stats = GraphFeatures.Of(design.Architecture);

        var summary = OnnxGraphFeaturizer.Featurize(OnnxModelGenerator.Generate(design)).Summary;

        Assert.Equal(stats.MultiplyAdds, summary.MultiplyAdds);
        Assert.Equal(stats.Parameters, summary.Parameters);
    }

    [Fact]
    public void Featurize_AllNoneCells_CountsOnlyWhatDoesNotFoldAway()
    {
        var design = MakeDesign("nb201:none", "fp32");
        var stats = GraphFeatures.Of(design.Architecture);

        var summary = OnnxGraphFeaturizer.Featurize(OnnxModelGenerator.Generate(design)).Summary;

        // Only the stem convolution sees the input: 32*32*16*27; the rest works on constant zeros.
        Assert.Equal(32 * 32 * 16 * 27, summary.MultiplyAdds);
        Assert.True(stats.MultiplyAdds > 10 * summary.MultiplyAdds);
        Assert.Equal(1, summary.Depth);
    }

    [Theory]
    [InlineData("nb201:mixed")]
    [InlineData("nb201:none")]
    [InlineData("fbnet:mixed")]
    [InlineData("convnet_L3_F64_K4x4_W20")]
    [InlineData("convnet_L5_F64_K3x3_W30_DWS")]
    public void Featurize_Fp32Model_ActivationBytesFollowTheNetworkUpToDocumentedConventions(string arch)
    {
        var design = MakeDesign(arch, "fp32");
        var network = NetworkDefinitions.Build(design.Architecture);
        var live = RunTimeLayers(network);
        var liveNames = live.Select(l => l.Output.Name).Append(network.Input.Name).ToHashSet();

        var analysis = OnnxGraphFeaturizer.Featurize(OnnxModelGenerator.Generate(design));

        // The ONNX graph computes an n-term sum as n - 1 binary Adds: n - 2 partial sums, each run-time once one of
        // the terms it adds is; everything else is one tensor per run-time network layer.
        long partialSums = 0;
        foreach (var add in network.Layers.OfType<AddLayer>())
            for (var k = 1; k < add.Inputs.Count - 1; k++)
                if (add.Inputs.Take(k + 1).Any(t => liveNames.Contains(t.Name))) partialSums += add.Output.ElementCount;
        Assert.Equal(4 * (live.Sum(l => l.Output.ElementCount) + partialSums), analysis.Summary.ActivationBytes);
        Assert.Equal(live.Max(l => l.Output.ElementCount) * 4, analysis.Summary.PeakActivationBytes);
    }

    /// <summary>
    /// The layers that depend on the input; the others work on constants only (zero nodes and what follows them),
    /// which ONNX Runtime folds when it loads the model, and which the featurizer therefore does not count.
    /// </summary>
    private static List<NetworkLayer> RunTimeLayers(Network network)
    {
        var live = new HashSet<string> { network.Input.Name };
        var layers = new List<NetworkLayer>();
        foreach (var layer in network.Layers)
        {
            if (!layer.Inputs.Any(i => live.Contains(i.Name))) continue;
            live.Add(layer.Output.Name);
            layers.Add(layer);
        }
        return layers;
    }

    [Fact]
    public void Featurize_ConvnetModel_DepthIsItsConvolutionsPlusTheClassifier()
    {
        var design = MakeDesign("convnet_L5_F64_K3x3_W30_DWS", "fp32");

        var analysis = OnnxGraphFeaturizer.Featurize(OnnxModelGenerator.Generate(design));

        Assert.Equal(11, analysis.Summary.Depth);
        Assert.Equal(11, analysis.Summary.ComputeOps);
        Assert.Equal(5, analysis.Feature("conv_depthwise_ops"));
        Assert.Equal(5, analysis.Feature("conv_pointwise_ops"));
        Assert.Equal(5, analysis.Summary.OpTypeCounts["Relu"]);
        Assert.Equal(3, analysis.Feature("input_channels"));
        Assert.Equal(Math.Log(1 + 30 * 30), analysis.Feature("log_input_pixels"), 12);
    }

    [Fact]
    public void Featurize_Int8Model_CountsQuantizationAndEightBitActivations()
    {
        var analysis = OnnxGraphFeaturizer.Featurize(OnnxModelGenerator.Generate(MakeDesign("nb201:conv3", "int8")));

        Assert.True(analysis.Feature("quantization_ops") > 0);
        Assert.InRange(analysis.Feature("share_activation_bytes_8bit"), 0.01, 0.99);
        Assert.Equal(0, analysis.Feature("share_activation_bytes_half"));
        // Weight dequantization folds at load time: those nodes are constant and cost nothing.
        Assert.Contains(analysis.Operators, r => r.OpType == "DequantizeLinear" && r.IsConstant && r.ActivationBytes == 0);
    }

    private static Design MakeDesign(string arch, string policy) =>
        arch.StartsWith("convnet", StringComparison.Ordinal)
            ? new Design(SearchSpaces.Convnet.Parse(arch), QuantizationPolicy.Parse(policy, 1))
            : OnnxModelGeneratorTests.MakeDesign(arch, policy);
}

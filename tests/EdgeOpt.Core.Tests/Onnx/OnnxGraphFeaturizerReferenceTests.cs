using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Tests.Support;
using static EdgeOpt.Core.Tests.Support.OnnxTestGraph;

namespace EdgeOpt.Core.Tests.Onnx;

/// <summary>
/// The featurizer on common CNN pieces written the way exporters (PyTorch's torch.onnx) write them, with
/// multiply-adds and parameters worked out by hand, and every propagated shape checked against ONNX Runtime.
/// </summary>
public class OnnxGraphFeaturizerReferenceTests
{
    /// <summary>
    /// LeNet-5 (1x32x32 input, dynamic batch) with x.view(x.size(0), -1) exported as Shape / Gather / Unsqueeze /
    /// Concat / Reshape. By hand: conv1 28*28*6*25 = 117,600; conv2 10*10*16*150 = 240,000; fc 400*120 + 120*84 +
    /// 84*10 = 58,920 MACs, 416,520 in all; parameters 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706.
    /// </summary>
    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void LeNet5_PyTorchStyle_MacsParametersDepthAndShapes(int opset)
    {
        var g = new OnnxTestGraph(opset);
        var x = g.Input("input", "batch", 1, 32, 32);
        x = Conv(g, "conv1", x, 1, 6, 5);
        x = g.Node("Relu", "relu1", [x]);
        x = g.Node("MaxPool", "pool1", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Ints("pads", 0, 0, 0, 0));
        x = Conv(g, "conv2", x, 6, 16, 5);
        x = g.Node("Relu", "relu2", [x]);
        x = g.Node("MaxPool", "pool2", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        var shape = g.Node("Shape", "shape", [x]);
        var zero = g.Node("Constant", "const0", [], Tensor("value", 0));
        var batch = g.Node("Gather", "gather", [shape, zero], Int("axis", 0));
        var unsqueezed = opset < 13
            ? g.Node("Unsqueeze", "unsqueeze", [batch], Ints("axes", 0))
            : g.Node("Unsqueeze", "unsqueeze", [batch, g.Int64s("axes0", 0)]);
        var minusOne = g.Node("Constant", "const_minus1", [], TensorInts("value", -1));
        var target = g.Node("Concat", "concat", [unsqueezed, minusOne], Int("axis", 0));
        x = g.Node("Reshape", "view", [x, target]);
        x = Linear(g, "fc1", x, 400, 120);
        x = g.Node("Relu", "relu3", [x]);
        x = Linear(g, "fc2", x, 120, 84);
        x = g.Node("Relu", "relu4", [x]);
        x = Linear(g, "fc3", x, 84, 10);
        g.Output(x);
        var model = g.Build();

        var analysis = OnnxGraphFeaturizer.Featurize(model);

        Assert.Equal(416_520, analysis.Summary.MultiplyAdds);
        Assert.Equal(61_706, analysis.Summary.Parameters);
        Assert.Equal(5, analysis.Summary.Depth);
        Assert.Equal(4 * (2 * 4704 + 1176 + 2 * 1600 + 400 + 2 * 120 + 2 * 84 + 10), analysis.Summary.ActivationBytes);
        Assert.Equal([1L, 10], analysis.Operators[^1].OutputShape);
        Assert.Contains(analysis.Warnings, w => w.Contains("'input'") && w.Contains("'batch'") && w.Contains("taken as 1"));
        var conv1 = analysis.Operators.Single(o => o.Name == "conv1");
        Assert.Equal([5L, 5], conv1.Kernel);
        Assert.Equal([1L, 1], conv1.Strides);
        Assert.Equal((1L, 1L, 6L), (conv1.Groups, conv1.InChannels, conv1.OutChannels));
        Assert.True(analysis.Operators.Single(o => o.Name == "concat").IsConstant);
        AssertShapesMatchOnnxRuntime(model, analysis);
    }

    /// <summary>
    /// ResNet basic block, batch norms not folded: two 3x3 64-&gt;64 convolutions without bias on 56x56,
    /// 2 * 56*56*64*64*9 = 231,211,008 MACs; parameters 2 * 36,864 weights + 2 * (64 scales + 64 biases) = 73,984
    /// (running mean and variance are statistics, not parameters).
    /// </summary>
    [Fact]
    public void ResNetBasicBlock_WithBatchNorm_MacsAndParameters()
    {
        var g = new OnnxTestGraph();
        var input = g.Input("input", 1, 64, 56, 56);
        var y = Conv(g, "conv1", input, 64, 64, 3, padding: 1, bias: false);
        y = BatchNorm(g, "bn1", y, 64);
        y = g.Node("Relu", "relu1", [y]);
        y = Conv(g, "conv2", y, 64, 64, 3, padding: 1, bias: false);
        y = BatchNorm(g, "bn2", y, 64);
        y = g.Node("Add", "add", [y, input]);
        y = g.Node("Relu", "relu2", [y]);
        g.Output(y);
        var model = g.Build();

        var analysis = OnnxGraphFeaturizer.Featurize(model);

        Assert.Equal(231_211_008, analysis.Summary.MultiplyAdds);
        Assert.Equal(73_984, analysis.Summary.Parameters);
        Assert.Equal(2, analysis.Summary.Depth);
        Assert.Equal(2, analysis.Feature("normalization_ops"));
        Assert.Equal(2, analysis.Feature("conv_kernel3_ops"));
        Assert.Empty(analysis.Warnings);
        AssertShapesMatchOnnxRuntime(model, analysis);
    }

    /// <summary>
    /// Downsampling basic block: 3x3 stride-2 64-&gt;128 (28*28*128*64*9 = 57,802,752), 3x3 128-&gt;128
    /// (115,605,504) and a 1x1 stride-2 projection (6,422,528): 179,830,784 MACs; parameters 73,728 + 147,456 + 8,192
    /// + 3 batch norms of 2 * 128 = 230,144; depth 2 (the projection is a parallel branch).
    /// </summary>
    [Fact]
    public void ResNetDownsampleBlock_ProjectionIsAParallelBranch()
    {
        var g = new OnnxTestGraph();
        var input = g.Input("input", 1, 64, 56, 56);
        var y = Conv(g, "conv1", input, 64, 128, 3, stride: 2, padding: 1, bias: false);
        y = g.Node("Relu", "relu1", [BatchNorm(g, "bn1", y, 128)]);
        y = BatchNorm(g, "bn2", Conv(g, "conv2", y, 128, 128, 3, padding: 1, bias: false), 128);
        var shortcut = BatchNorm(g, "bn_down", Conv(g, "down", input, 64, 128, 1, stride: 2, bias: false), 128);
        y = g.Node("Relu", "relu2", [g.Node("Add", "add", [y, shortcut])]);
        g.Output(y);
        var model = g.Build();

        var analysis = OnnxGraphFeaturizer.Featurize(model);

        Assert.Equal(179_830_784, analysis.Summary.MultiplyAdds);
        Assert.Equal(230_144, analysis.Summary.Parameters);
        Assert.Equal(2, analysis.Summary.Depth);
        Assert.Equal(2, analysis.Feature("conv_strided_ops"));
        AssertShapesMatchOnnxRuntime(model, analysis);
    }

    /// <summary>
    /// MobileNet depthwise-separable block with ReLU6 exported as Clip (opset 11: min and max are inputs):
    /// depthwise 3x3 stride 2 on 32x112x112, 56*56*32*9 = 903,168; pointwise 32-&gt;64, 56*56*64*32 = 6,422,528;
    /// 7,325,696 MACs; parameters 288 + 2,048 weights + 2 * 32 + 2 * 64 batch-norm values = 2,528 (the clip bounds
    /// are scalars, not parameters).
    /// </summary>
    [Fact]
    public void MobileNetDepthwiseBlock_ClipAsRelu6_MacsParametersAndConvClasses()
    {
        var g = new OnnxTestGraph(opset: 11);
        var input = g.Input("input", 1, 32, 112, 112);
        var min = g.Floats("relu6_min", [0f]);
        var max = g.Floats("relu6_max", [6f]);
        var y = Conv(g, "dw", input, 32, 32, 3, stride: 2, padding: 1, groups: 32, bias: false);
        y = g.Node("Clip", "dw_relu6", [BatchNorm(g, "dw_bn", y, 32), min, max]);
        y = Conv(g, "pw", y, 32, 64, 1, bias: false);
        y = g.Node("Clip", "pw_relu6", [BatchNorm(g, "pw_bn", y, 64), min, max]);
        g.Output(y);
        var model = g.Build();

        var analysis = OnnxGraphFeaturizer.Featurize(model);

        Assert.Equal(7_325_696, analysis.Summary.MultiplyAdds);
        Assert.Equal(2_528, analysis.Summary.Parameters);
        var dw = analysis.Operators.Single(o => o.Name == "dw");
        Assert.Equal((32L, 32L, 32L), (dw.Groups, dw.InChannels, dw.OutChannels));
        Assert.Equal(1, analysis.Feature("conv_depthwise_ops"));
        Assert.Equal(1, analysis.Feature("conv_pointwise_ops"));
        Assert.Equal(2, analysis.Feature("clip_ops"));
        Assert.Equal(6_422_528.0 / 7_325_696, analysis.Feature("share_macs_pointwise"), 12);
        AssertShapesMatchOnnxRuntime(model, analysis);
    }

    /// <summary>
    /// MobileNetV3-style inverted residual with HardSwish and squeeze-excite (GlobalAveragePool, 1x1 convs,
    /// HardSigmoid, broadcast Mul): expand 16-&gt;64 on 56x56 3,211,264; depthwise 5x5 5,017,600; SE 1,024 + 1,024;
    /// project 64-&gt;16 3,211,264: 11,442,176 MACs; parameters 1,024 + 1,600 + 1,040 + 1,088 + 1,024 = 5,776;
    /// depth 5 (expand, depthwise, two SE convs, project).
    /// </summary>
    [Fact]
    public void InvertedResidualWithSqueezeExcite_HardSwishAndBroadcastMul()
    {
        var g = new OnnxTestGraph(opset: 14);
        var input = g.Input("input", 1, 16, 56, 56);
        var y = g.Node("HardSwish", "expand_act", [Conv(g, "expand", input, 16, 64, 1, bias: false)]);
        y = g.Node("HardSwish", "dw_act", [Conv(g, "dw", y, 64, 64, 5, padding: 2, groups: 64, bias: false)]);
        var s = g.Node("GlobalAveragePool", "se_pool", [y]);
        s = g.Node("Relu", "se_relu", [Conv(g, "se_reduce", s, 64, 16, 1)]);
        s = g.Node("HardSigmoid", "se_gate", [Conv(g, "se_expand", s, 16, 64, 1)], Float("alpha", 1f / 6), Float("beta", 0.5f));
        y = g.Node("Mul", "se_scale", [y, s]);
        y = Conv(g, "project", y, 64, 16, 1, bias: false);
        y = g.Node("Add", "residual", [y, input]);
        g.Output(y);
        var model = g.Build();

        var analysis = OnnxGraphFeaturizer.Featurize(model);

        Assert.Equal(11_442_176, analysis.Summary.MultiplyAdds);
        Assert.Equal(5_776, analysis.Summary.Parameters);
        Assert.Equal(5, analysis.Summary.Depth);
        Assert.Equal(2, analysis.Feature("hardswish_ops"));
        Assert.Equal(1, analysis.Feature("sigmoid_ops"));
        Assert.Equal(1, analysis.Feature("global_pool_ops"));
        AssertShapesMatchOnnxRuntime(model, analysis);
    }

    /// <summary>Classifier head GlobalAveragePool + Flatten + Gemm(512-&gt;1000): 512,000 MACs, 513,000 parameters.</summary>
    [Fact]
    public void FlattenGemmHead_AndTheSameAsMatMulPlusAdd()
    {
        var gemm = Head(matMul: false);
        var matMul = Head(matMul: true);

        foreach (var model in new[] { gemm, matMul })
        {
            var analysis = OnnxGraphFeaturizer.Featurize(model);
            Assert.Equal(512_000, analysis.Summary.MultiplyAdds);
            Assert.Equal(513_000, analysis.Summary.Parameters);
            Assert.Equal(1, analysis.Feature("fc_ops"));
            Assert.Equal(1.0, analysis.Feature("share_macs_fc"));
            Assert.Equal([1L, 1000], analysis.Operators[^1].OutputShape);
            AssertShapesMatchOnnxRuntime(model, analysis);
        }
    }

    private static byte[] Head(bool matMul)
    {
        var g = new OnnxTestGraph();
        var x = g.Node("GlobalAveragePool", "pool", [g.Input("features", 1, 512, 7, 7)]);
        x = g.Node("Flatten", "flatten", [x], Int("axis", 1));
        x = matMul
            ? g.Node("Add", "fc_bias", [g.Node("MatMul", "fc", [x, g.Weight("fc.weight", 512, 1000)]), g.Weight("fc.bias", 1000)])
            : Linear(g, "fc", x, 512, 1000);
        x = g.Node("Softmax", "softmax", [x], Int("axis", 1));
        g.Output(x);
        return g.Build();
    }

    /// <summary>
    /// Window arithmetic: SAME_UPPER stride 2 on 15x15 gives 8x8; a dilated 3x3 (dilation 2, pads 2) keeps 8x8;
    /// MaxPool 2x2/2 with ceil_mode on 15 gives 8 (7 without); a 2x2 stride-2 ConvTranspose doubles 8 to 16;
    /// Resize (scales), Concat and Pad (pads as an input).
    /// </summary>
    [Fact]
    public void WindowArithmetic_AutoPadDilationCeilModeTransposePadResize_MatchOnnxRuntime()
    {
        var g = new OnnxTestGraph();
        var input = g.Input("input", 1, 3, 15, 15);
        var a = g.Node("Conv", "same", [input, g.Weight("same.w", 8, 3, 3, 3)],
            Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), String("auto_pad", "SAME_UPPER"));
        var b = g.Node("Conv", "dilated", [a, g.Weight("dilated.w", 8, 8, 3, 3), g.Weight("dilated.b", 8)],
            Ints("kernel_shape", 3, 3), Ints("dilations", 2, 2), Ints("pads", 2, 2, 2, 2));
        var p = g.Node("MaxPool", "ceil_pool", [input], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Int("ceil_mode", 1));
        var up = g.Node("ConvTranspose", "up", [b, g.Weight("up.w", 8, 4, 2, 2)], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        var resized = g.Node("Resize", "resize", [p, "", g.Floats("scales", [1f, 1f, 2f, 2f], 4)], String("mode", "nearest"));
        var joined = g.Node("Concat", "concat", [up, resized], Int("axis", 1));
        var padded = g.Node("Pad", "pad", [p, g.Int64s("pads", 0, 0, 0, 0, 0, 0, 1, 2)]);
        g.Output(joined);
        g.Output(padded);
        var model = g.Build();

        var analysis = OnnxGraphFeaturizer.Featurize(model);

        Assert.Equal([1L, 8, 8, 8], analysis.Operators.Single(o => o.Name == "same").OutputShape);
        Assert.Equal([1L, 8, 8, 8], analysis.Operators.Single(o => o.Name == "dilated").OutputShape);
        Assert.Equal([1L, 3, 8, 8], analysis.Operators.Single(o => o.Name == "ceil_pool").OutputShape);
        Assert.Equal([1L, 4, 16, 16], analysis.Operators.Single(o => o.Name == "up").OutputShape);
        Assert.Equal([1L, 7, 16, 16], analysis.Operators.Single(o => o.Name == "concat").OutputShape);
        Assert.Equal([1L, 3, 9, 10], analysis.Operators.Single(o => o.Name == "pad").OutputShape);
        // same: 8*8*8 outputs x 3*9; dilated: 8*8*8 x 8*9; transposed: 8*8*8 inputs x 4*2*2.
        Assert.Equal(512 * 27 + 512 * 72 + 512 * 16, analysis.Summary.MultiplyAdds);
        Assert.Equal(8 * 3 * 9 + 8 * 8 * 9 + 8 + 8 * 4 * 4, analysis.Summary.Parameters);
        AssertShapesMatchOnnxRuntime(model, analysis);
    }

    /// <summary>
    /// ONNX Runtime's fused and QOperator ops (as its graph optimizer and quantizer write them) follow the rules of
    /// what they fuse: FusedConv 3x3 16-&gt;32 on 28x28 (28*28*32*16*9 = 3,612,672) and FusedGemm 32-&gt;10 (320),
    /// parameters 4,640 + 330; QLinearGlobalAveragePool between QuantizeLinear and DequantizeLinear.
    /// </summary>
    [Fact]
    public void OnnxRuntimeFusedAndQLinearOps_FollowTheRulesOfWhatTheyFuse()
    {
        var g = new OnnxTestGraph();
        var x = g.Input("input", 1, 16, 28, 28);
        x = g.CustomNode("com.microsoft", "FusedConv", "conv_relu",
            [x, g.Weight("conv.weight", 32, 16, 3, 3), g.Weight("conv.bias", 32)],
            Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), String("activation", "Relu"));
        var scale = g.Scalar("scale", global::Onnx.TensorProto.Types.DataType.Float, 0.05f);
        var zero = g.Scalar("zero_point", global::Onnx.TensorProto.Types.DataType.Uint8, 0);
        var q = g.Node("QuantizeLinear", "quantize", [x, scale, zero]);
        var pooled = g.CustomNode("com.microsoft", "QLinearGlobalAveragePool", "pool", [q, scale, zero, scale, zero]);
        x = g.Node("DequantizeLinear", "dequantize", [pooled, scale, zero]);
        x = g.Node("Flatten", "flatten", [x]);
        x = g.CustomNode("com.microsoft", "FusedGemm", "fc",
            [x, g.Weight("fc.weight", 10, 32), g.Weight("fc.bias", 10)], Int("transB", 1), String("activation", "Relu"));
        g.Output(x);
        var model = g.Build();

        var analysis = OnnxGraphFeaturizer.Featurize(model);

        Assert.Equal(3_612_672 + 320, analysis.Summary.MultiplyAdds);
        Assert.Equal(4_640 + 330, analysis.Summary.Parameters);
        Assert.Equal(2, analysis.Summary.Depth);
        Assert.Equal(1, analysis.Feature("conv_ops"));
        Assert.Equal(1, analysis.Feature("fc_ops"));
        Assert.Equal(1, analysis.Feature("global_pool_ops"));
        Assert.Equal(3, analysis.Feature("quantization_ops"));
        Assert.Equal([1L, 32, 1, 1], analysis.Operators.Single(o => o.OpType == "com.microsoft.QLinearGlobalAveragePool").OutputShape);
        Assert.Empty(analysis.Warnings);
        AssertShapesMatchOnnxRuntime(model, analysis);
    }

    [Fact]
    public void UnsupportedOperators_ErrorNamesEveryOpTypeAndNode()
    {
        var model = WithUnsupportedOperators(out _);

        var error = Assert.Throws<OnnxFeaturizationException>(() => OnnxGraphFeaturizer.Featurize(model));

        Assert.Contains("Einsum (node 'mix')", error.Message);
        Assert.Contains("com.example.Swizzle (nodes 'swizzle_a', 'swizzle_b')", error.Message);
        Assert.Contains("ElementwiseFallback", error.Message);
        Assert.Equal(["mix", "swizzle_a", "swizzle_b"], error.UnsupportedNodes.Select(n => n.Name).Order());
    }

    [Fact]
    public void UnsupportedOperators_Fallback_TreatsThemAsElementwise_AndListsEachInTheWarnings()
    {
        var model = WithUnsupportedOperators(out var convMacs);

        var analysis = OnnxGraphFeaturizer.Featurize(model, new OnnxFeaturizerOptions(UnsupportedOperatorPolicy.ElementwiseFallback));

        Assert.Equal(convMacs, analysis.Summary.MultiplyAdds);
        var swizzle = analysis.Operators.Single(o => o.Name == "swizzle_a");
        Assert.True(swizzle.UsedFallback);
        Assert.Equal([1L, 8, 16, 16], swizzle.OutputShape);
        Assert.Equal(8 * 16 * 16, swizzle.ElementOps);
        // The declared value_info shape wins over copying the input's.
        Assert.Equal([1L, 8, 4, 4], analysis.Operators.Single(o => o.Name == "mix").OutputShape);
        Assert.Equal(3, analysis.Feature("fallback_ops"));
        Assert.Contains(analysis.Warnings, w => w.Contains("'mix' (Einsum)") && w.Contains("from value_info"));
        Assert.Contains(analysis.Warnings, w => w.Contains("'swizzle_a' (com.example.Swizzle)") && w.Contains("copied from input 0"));
        Assert.Contains(analysis.Warnings, w => w.Contains("'swizzle_b'"));
    }

    private static byte[] WithUnsupportedOperators(out long convMacs)
    {
        var g = new OnnxTestGraph();
        var x = Conv(g, "conv", g.Input("input", 1, 3, 16, 16), 3, 8, 3, padding: 1);
        x = g.CustomNode("com.example", "Swizzle", "swizzle_a", [x]);
        x = g.CustomNode("com.example", "Swizzle", "swizzle_b", [x]);
        x = g.Node("Einsum", "mix", [x], String("equation", "nchw->nchw"));
        g.Declare(x, 1, 8, 4, 4);
        g.Output(x);
        convMacs = 16 * 16 * 8 * 3 * 9;
        return g.Build();
    }

    [Fact]
    public void DynamicSpatialDimension_IsAnErrorNamingTheInput_UnlessItsShapeIsGiven()
    {
        var g = new OnnxTestGraph();
        var x = Conv(g, "conv", g.Input("image", "batch", 3, "height", "width"), 3, 4, 3, padding: 1);
        g.Output(x);
        var model = g.Build();

        var error = Assert.Throws<OnnxFeaturizationException>(() => OnnxGraphFeaturizer.Featurize(model));
        Assert.Contains("graph input 'image' dimension 2 is dynamic ('height')", error.Message);
        Assert.Contains("InputShapes", error.Message);

        var shapes = new Dictionary<string, IReadOnlyList<long>> { ["image"] = [2, 3, 10, 12] };
        var analysis = OnnxGraphFeaturizer.Featurize(model, new OnnxFeaturizerOptions(InputShapes: shapes));
        Assert.Equal([2L, 4, 10, 12], analysis.Operators.Single().OutputShape);
        Assert.Equal(2 * 4 * 10 * 12 * 27, analysis.Summary.MultiplyAdds);
    }

    [Fact]
    public void DeclaredShapeThatDisagrees_IsAWarningNamingTheNode()
    {
        var g = new OnnxTestGraph();
        var x = Conv(g, "conv", g.Input("input", 1, 3, 8, 8), 3, 4, 3);
        g.Declare(x, 1, 4, 8, 8);
        g.Output(x);

        var analysis = OnnxGraphFeaturizer.Featurize(g.Build());

        Assert.Equal([1L, 4, 6, 6], analysis.Operators.Single().OutputShape);
        Assert.Contains(analysis.Warnings, w => w.Contains("node 'conv'") && w.Contains("[1, 4, 6, 6]") && w.Contains("[1, 4, 8, 8]"));
    }

    [Fact]
    public void BadModels_AreClearErrors()
    {
        Assert.Throws<OnnxFeaturizationException>(() => OnnxGraphFeaturizer.Featurize(new global::Onnx.ModelProto()));

        var g = new OnnxTestGraph();
        g.Node("Relu", "orphan", ["missing"]);
        var error = Assert.Throws<OnnxFeaturizationException>(() => OnnxGraphFeaturizer.Featurize(g.Build()));
        Assert.Contains("node 'orphan' (Relu) reads 'missing'", error.Message);

        var h = new OnnxTestGraph();
        Conv(h, "conv", h.Input("input", 1, 3, 8, 8), 4, 4, 3);
        error = Assert.Throws<OnnxFeaturizationException>(() => OnnxGraphFeaturizer.Featurize(h.Build()));
        Assert.Contains("node 'conv' (Conv): input has 3 channels", error.Message);
    }

    [Fact]
    public void FeatureVector_HasTheSameNamesAndLengthForEveryModel()
    {
        var small = OnnxGraphFeaturizer.Featurize(Head(matMul: false));
        var other = OnnxGraphFeaturizer.Featurize(Head(matMul: true));

        Assert.Equal(OnnxGraphFeaturizer.FeatureNames.Count, small.Features.Count);
        Assert.Equal(small.Features.Count, other.Features.Count);
        Assert.Equal(OnnxGraphFeaturizer.FeatureNames.Count, OnnxGraphFeaturizer.FeatureNames.Distinct().Count());
        Assert.Throws<ArgumentException>(() => small.Feature("no_such_feature"));
    }

    private static string Conv(OnnxTestGraph g, string name, string x, long inChannels, long outChannels, long kernel,
        long stride = 1, long padding = 0, long groups = 1, bool bias = true)
    {
        string[] inputs = bias
            ? [x, g.Weight($"{name}.weight", outChannels, inChannels / groups, kernel, kernel), g.Weight($"{name}.bias", outChannels)]
            : [x, g.Weight($"{name}.weight", outChannels, inChannels / groups, kernel, kernel)];
        return g.Node("Conv", name, inputs,
            Ints("dilations", 1, 1), Int("group", groups), Ints("kernel_shape", kernel, kernel),
            Ints("pads", padding, padding, padding, padding), Ints("strides", stride, stride));
    }

    private static string Linear(OnnxTestGraph g, string name, string x, long inFeatures, long outFeatures) =>
        g.Node("Gemm", name, [x, g.Weight($"{name}.weight", outFeatures, inFeatures), g.Weight($"{name}.bias", outFeatures)],
            Float("alpha", 1f), Float("beta", 1f), Int("transB", 1));

    private static string BatchNorm(OnnxTestGraph g, string name, string x, long channels)
    {
        var ones = Enumerable.Repeat(1f, (int)channels).ToArray();
        return g.Node("BatchNormalization", name,
            [x, g.Floats($"{name}.weight", ones, channels), g.Weight($"{name}.bias", channels),
             g.Weight($"{name}.running_mean", channels), g.Floats($"{name}.running_var", ones, channels)],
            Float("epsilon", 1e-5f), Float("momentum", 0.9f));
    }

    /// <summary>Runs the model in ONNX Runtime and compares every float, run-time node output's shape with the featurizer's.</summary>
    private static void AssertShapesMatchOnnxRuntime(byte[] model, OnnxGraphAnalysis analysis)
    {
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(model);
        var outputs = proto.Graph.Node.ToDictionary(n => n.Name, n => n.Output[0]);
        var checkable = analysis.Operators.Where(o => !o.IsConstant && o.OutputType == "float").ToArray();
        Assert.NotEmpty(checkable);

        var run = OrtModel.RunOutputs(model, checkable.Select(o => outputs[o.Name]).ToArray());

        foreach (var op in checkable)
            Assert.True(op.OutputShape.SequenceEqual(run[outputs[op.Name]].Shape),
                $"node '{op.Name}' ({op.OpType}): featurizer [{string.Join(", ", op.OutputShape)}], " +
                $"ONNX Runtime [{string.Join(", ", run[outputs[op.Name]].Shape)}]");
    }
}

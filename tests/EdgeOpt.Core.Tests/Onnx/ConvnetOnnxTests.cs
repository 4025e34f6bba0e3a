using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Tests.Support;
using EdgeOpt.Runtime.Calibration;
using Onnx;

namespace EdgeOpt.Core.Tests.Onnx;

public class ConvnetOnnxTests
{
    private static readonly OnnxGenerationOptions Calibrated = new(Calibrator: new OnnxRuntimeCalibrator(samples: 2));

    public static TheoryData<string, string> Designs() => new()
    {
        { "convnet_L2_F64_K3x3_W20", "fp32" }, { "convnet_L2_F64_K3x3_W20", "fp16" }, { "convnet_L2_F64_K3x3_W20", "int8" },
        { "convnet_L1_F64_K1x1_W10", "fp32" }, { "convnet_L3_F96_K4x4_W15", "int8" }, { "convnet_L4_F64_K5x5_W25", "fp16" },
        { "convnet_L5_F64_K3x3_W100_DWS", "fp32" }, { "convnet_L5_F64_K2x2_W10_DWS", "fp16" }, { "convnet_L6_F128_K5x5_W20_DWS", "int8" },
        { "convnet_L5_F64_K3x3_3_K5x5_2_W20", "fp32" }, { "convnet_L4_F64_K2x2_2_K7x7_2_W25", "int8" },
        { "convnet_L3_F96_K1x1_2_K6x6_1_W15", "fp16" },
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void Generate_LoadsAndRunsInOnnxRuntime_WithTenFiniteLogits(string name, string precision)
    {
        var design = new Design(SearchSpaces.Convnet.Parse(name), QuantizationPolicy.Parse(precision, 1));
        var width = SearchSpaces.Convnet.Config(design.Architecture).InputWidth;

        var model = OnnxModelGenerator.Generate(design, Calibrated);
        var (logits, shape) = OrtModel.Run(model);

        var input = ModelProto.Parser.ParseFrom(model).Graph.Input.Single();
        Assert.Equal([1L, 3, width, width], input.Type.TensorType.Shape.Dim.Select(d => d.DimValue));
        Assert.Equal([1L, 10L], shape);
        Assert.All(logits, v => Assert.True(float.IsFinite(v), $"logit {v} is not finite"));
        Assert.InRange(Math.Sqrt(logits.Average(v => (double)v * v)), 0.01, 100);
    }

    [Theory]
    [InlineData("convnet_L3_F64_K4x4_W20", "fp32")]
    [InlineData("convnet_L5_F64_K3x3_W30_DWS", "int8")]
    [InlineData("convnet_L5_F64_K1x1_3_K3x3_2_W20", "fp32")]
    public void Generate_ParametersAndMultiplyAdds_AgreeWithACountOfTheOnnxGraph(string name, string precision)
    {
        var design = new Design(SearchSpaces.Convnet.Parse(name), QuantizationPolicy.Parse(precision, 1));
        var stats = GraphFeatures.Of(design.Architecture);
        var model = OnnxModelGenerator.Generate(design);

        var count = new OnnxGraphCount(model);

        Assert.Equal(stats.Parameters, count.Parameters());
        Assert.Equal(stats.MultiplyAdds, count.MultiplyAdds(model));
    }

    [Fact]
    public void Generate_Int8_QuantizesEveryConvolution_KeepsTheClassifierFp32()
    {
        var design = new Design(SearchSpaces.Convnet.Parse("convnet_L5_F64_K3x3_W20_DWS"), QuantizationPolicy.Parse("int8", 1));
        var graph = ModelProto.Parser.ParseFrom(OnnxModelGenerator.Generate(design)).Graph;
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);

        var convs = graph.Node.Where(n => n.OpType == "Conv").ToArray();
        Assert.Equal(10, convs.Length);
        Assert.All(convs, c => Assert.Equal("DequantizeLinear", producers[c.Input[1]].OpType));
        var gemm = graph.Node.Single(n => n.OpType == "Gemm");
        Assert.Contains(gemm.Input[1], graph.Initializer.Select(i => i.Name));
    }

    [Fact]
    public void Generate_NumClassesOption_OverridesTheFamilysTen()
    {
        var design = new Design(SearchSpaces.Convnet.Parse("convnet_L2_F64_K3x3_W20"), QuantizationPolicy.Parse("fp32", 1));

        Assert.Equal([1L, 7L], OrtModel.Run(OnnxModelGenerator.Generate(design, new OnnxGenerationOptions(NumClasses: 7))).Shape);
        Assert.Equal([1L, 100L], OrtModel.Run(OnnxModelGenerator.Generate(
            OnnxModelGeneratorTests.MakeDesign("nb201:mixed", "fp32"))).Shape);
    }
}

using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Tests.Support;
using EdgeOpt.Runtime.Calibration;
using Onnx;
using static EdgeOpt.Core.Tests.Support.Architectures;
using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeOpt.Core.Tests.Onnx;

public class OnnxModelGeneratorTests
{
    private static readonly OnnxGenerationOptions Calibrated = new(Calibrator: new OnnxRuntimeCalibrator(samples: 2));

    public static TheoryData<string, string> Designs() => new()
    {
        { "nb201:mixed", "fp32" }, { "nb201:mixed", "fp16" }, { "nb201:mixed", "int8" }, { "nb201:mixed", "fp16-int8-fp32" },
        { "nb201:none", "fp32" }, { "nb201:none", "fp16" }, { "nb201:none", "int8" }, { "nb201:none", "int8-fp16-int8" },
        { "nb201:skip", "fp32" }, { "nb201:skip", "fp16" }, { "nb201:skip", "int8" }, { "nb201:skip", "fp32-fp16-int8" },
        { "nb201:conv3", "fp16" }, { "nb201:conv3", "int8-int8-fp16" }, { "nb201:pool", "int8-fp32-fp16" },
        { "fbnet:mixed", "fp32" }, { "fbnet:mixed", "fp16" }, { "fbnet:mixed", "int8" }, { "fbnet:mixed", "alternating" },
        { "fbnet:skip", "fp16" }, { "fbnet:skip", "int8" }, { "fbnet:k5_e6", "alternating" },
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void Generate_LoadsAndRunsInOnnxRuntime_WithLogitsOfClassCountAndFiniteValues(string arch, string policy)
    {
        var design = MakeDesign(arch, policy);
        var options = Calibrated with { NumClasses = 10 };

        var (logits, shape) = OrtModel.Run(OnnxModelGenerator.Generate(design, options));

        Assert.Equal([1L, 10L], shape);
        Assert.All(logits, v => Assert.True(float.IsFinite(v), $"logit {v} is not finite"));
    }

    [Theory]
    [InlineData("nb201:mixed", "fp32")]
    [InlineData("nb201:conv3", "int8")]
    [InlineData("nb201:none", "fp16")]
    [InlineData("fbnet:mixed", "fp32")]
    [InlineData("fbnet:mixed", "alternating")]
    public void Generate_ParametersAndMultiplyAdds_AgreeWithACountOfTheOnnxGraph(string arch, string policy)
    {
        var design = MakeDesign(arch, policy);
        var stats = GraphFeatures.Of(design.Architecture);
        var model = OnnxModelGenerator.Generate(design);

        var count = new OnnxGraphCount(model);

        Assert.Equal(stats.Parameters, count.Parameters());
        if (!design.Policy.Slots.Contains(Precision.Fp16)) // conv outputs must be float to be observed
            Assert.Equal(stats.MultiplyAdds, count.MultiplyAdds(model));
    }

    [Fact]
    public void Generate_SameSeed_SameBytes_OtherSeed_OtherWeights()
    {
        var design = MakeDesign("fbnet:mixed", "alternating");

        var a = OnnxModelGenerator.Generate(design, new OnnxGenerationOptions(Seed: 3));
        var b = OnnxModelGenerator.Generate(design, new OnnxGenerationOptions(Seed: 3));
        var c = OnnxModelGenerator.Generate(design, new OnnxGenerationOptions(Seed: 4));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(a.Length, c.Length);
    }

    [Fact]
    public void Generate_WithCalibrator_SameSeed_SameBytes()
    {
        var design = MakeDesign("nb201:mixed", "int8");

        Assert.Equal(OnnxModelGenerator.Generate(design, Calibrated), OnnxModelGenerator.Generate(design, Calibrated));
    }

    [Fact]
    public void Generate_Int8_HasQdqAroundEveryConvAndInt8Weights()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxModelGenerator.Generate(MakeDesign("nb201:mixed", "int8"), Calibrated));
        var graph = model.Graph;
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);

        var convs = graph.Node.Where(n => n.OpType == "Conv").ToArray();
        var quantized = convs.Where(c => c.Name != "stem").ToArray();
        Assert.NotEmpty(quantized);
        foreach (var conv in quantized)
        {
            var input = producers[conv.Input[0]];
            Assert.Equal("DequantizeLinear", input.OpType);
            Assert.Equal("QuantizeLinear", producers[input.Input[0]].OpType);
            var weight = producers[conv.Input[1]];
            Assert.Equal("DequantizeLinear", weight.OpType);
            Assert.Equal((int)DataType.Int8, initializers[weight.Input[0]].DataType);
            Assert.Equal(initializers[weight.Input[0]].Dims[0], initializers[weight.Input[1]].Dims.Single()); // per channel
            var consumer = graph.Node.Single(n => n.Input.Contains(conv.Output[0]));
            Assert.Equal("QuantizeLinear", consumer.OpType);
        }
        // The stem stays fp32.
        Assert.Contains(convs.Single(c => c.Name == "stem").Input[1], initializers.Keys);
        Assert.Equal((int)DataType.Float, initializers["stem.weight"].DataType);
    }

    [Fact]
    public void Generate_Fp16Slot_HasFp16WeightsThere_AndCastsAtItsBorders()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxModelGenerator.Generate(MakeDesign("nb201:mixed", "fp32-fp16-fp32")));
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);

        Assert.All(initializers.Where(i => i.Key.StartsWith("s1")), i => Assert.Equal((int)DataType.Float16, i.Value.DataType));
        Assert.All(initializers.Where(i => i.Key.StartsWith("s0") || i.Key.StartsWith("s2") || i.Key.StartsWith("stem")),
            i => Assert.Equal((int)DataType.Float, i.Value.DataType));
        var casts = model.Graph.Node.Where(n => n.OpType == "Cast").ToArray();
        Assert.Contains(casts, c => c.Input[0] == "s0c4_n3" && c.Attribute.Single().I == (int)DataType.Float16);
        Assert.Contains(casts, c => c.Input[0] == "s1c4_n3" && c.Attribute.Single().I == (int)DataType.Float);
        Assert.Equal((int)DataType.Float, model.Graph.Input.Single().Type.TensorType.ElemType);
        Assert.Equal((int)DataType.Float, model.Graph.Output.Single().Type.TensorType.ElemType);
    }

    [Fact]
    public void Generate_Fp32_HasNoCastNorQuantization()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxModelGenerator.Generate(MakeDesign("fbnet:mixed", "fp32")));

        Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "Cast" or "QuantizeLinear" or "DequantizeLinear");
        Assert.Equal(17, model.OpsetImport.Single().Version);
    }

    [Theory]
    [InlineData("nb201:mixed")]
    [InlineData("fbnet:mixed")]
    public void Generate_ReducedPrecision_StaysCloseToFp32Logits(string arch)
    {
        var fp32 = OrtModel.Run(OnnxModelGenerator.Generate(MakeDesign(arch, "fp32"), Calibrated)).Values;
        var fp16 = OrtModel.Run(OnnxModelGenerator.Generate(MakeDesign(arch, "fp16"), Calibrated)).Values;
        var int8 = OrtModel.Run(OnnxModelGenerator.Generate(MakeDesign(arch, "int8"), Calibrated)).Values;

        Assert.True(Cosine(fp32, fp16) > 0.999, $"fp16 cosine {Cosine(fp32, fp16)}");
        Assert.True(Cosine(fp32, int8) > 0.9, $"int8 cosine {Cosine(fp32, int8)}");
    }

    [Fact]
    public void Generate_Int8WithoutCalibrator_UsesAnalyticRangesThatStillWork()
    {
        var design = MakeDesign("nb201:mixed", "int8");
        var fp32 = OrtModel.Run(OnnxModelGenerator.Generate(MakeDesign("nb201:mixed", "fp32"))).Values;

        var int8 = OrtModel.Run(OnnxModelGenerator.Generate(design)).Values;

        Assert.True(Cosine(fp32, int8) > 0.8, $"int8 cosine {Cosine(fp32, int8)}");
    }

    [Theory]
    [InlineData("nb201:skip")]
    [InlineData("nb201:conv3")]
    [InlineData("nb201:none")]
    [InlineData("fbnet:k5_e6")]
    [InlineData("fbnet:skip")]
    public void Generate_RandomWeights_KeepLogitsNearUnitScale(string arch)
    {
        var logits = OrtModel.Run(OnnxModelGenerator.Generate(MakeDesign(arch, "fp32"))).Values;

        var rms = Math.Sqrt(logits.Average(v => (double)v * v));
        Assert.InRange(rms, 0.05, 20);
    }

    [Fact]
    public void Generate_BatchSize_SetsTheBatchDimension()
    {
        var model = OnnxModelGenerator.Generate(MakeDesign("fbnet:mixed", "int8"), new OnnxGenerationOptions(BatchSize: 4));

        Assert.Equal([4L, 100L], OrtModel.Run(model, batch: 4).Shape);
    }

    [Fact]
    public void Generate_CalibratorIsAskedForTheInt8ConvTensorsOfTheFp32Model()
    {
        var recorder = new RecordingCalibrator();

        OnnxModelGenerator.Generate(MakeDesign("nb201:mixed", "fp32-fp32-int8"), new OnnxGenerationOptions(Seed: 9, Calibrator: recorder));

        Assert.Equal(9, recorder.Seed);
        Assert.Contains("s2r_a_relu", recorder.Names);
        Assert.Contains("s2r_a_conv", recorder.Names);
        Assert.DoesNotContain(recorder.Names, n => n.StartsWith("s0") || n.StartsWith("s1"));
        var model = ModelProto.Parser.ParseFrom(recorder.Model!);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "QuantizeLinear");
    }

    [Fact]
    public void Generate_PolicyWithWrongSlotCount_NamesBothCounts()
    {
        var design = new Design(Nb201Mixed(), QuantizationPolicy.Uniform(22, Precision.Int8));

        var error = Assert.Throws<ArgumentException>(() => OnnxModelGenerator.Generate(design));
        Assert.Contains("22 precision slots", error.Message);
        Assert.Contains("has 3", error.Message);
    }

    internal static Design MakeDesign(string arch, string policy)
    {
        var architecture = arch switch
        {
            "nb201:mixed" => Nb201Mixed(),
            "nb201:none" => Nb201Uniform("none"),
            "nb201:skip" => Nb201Uniform("skip_connect"),
            "nb201:conv3" => Nb201Uniform("nor_conv_3x3"),
            "nb201:pool" => Nb201Uniform("avg_pool_3x3"),
            "fbnet:mixed" => FbnetMixed(),
            _ when arch.StartsWith("fbnet:") => FbnetUniform(arch["fbnet:".Length..]),
            _ => throw new ArgumentException(arch),
        };
        var slots = architecture.SpaceId == "nb201" ? 3 : 22;
        var quantization = policy == "alternating"
            ? new QuantizationPolicy(Enumerable.Range(0, slots).Select(i => (Precision)(i % 3)).ToArray())
            : QuantizationPolicy.Parse(policy, slots);
        return new Design(architecture, quantization);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.Sqrt(aa * bb);
    }

    private sealed class RecordingCalibrator : IActivationCalibrator
    {
        public byte[]? Model { get; private set; }
        public IReadOnlyList<string> Names { get; private set; } = [];
        public int Seed { get; private set; }

        public IReadOnlyDictionary<string, (float Min, float Max)> Calibrate(
            byte[] fp32Model, IReadOnlyList<string> tensorNames, int seed)
        {
            (Model, Names, Seed) = (fp32Model, tensorNames, seed);
            return tensorNames.ToDictionary(n => n, _ => (-1f, 1f));
        }
    }
}

using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;
using Google.Protobuf;
using Onnx;
using EdgeOpt.Core.Tests.Support;

namespace EdgeOpt.Core.Tests.Onnx;

public sealed class OnnxWeightStrippingTests
{
    private static byte[] Model(string name, string precision = "fp32") =>
        OnnxModelGenerator.Generate(new Design(SearchSpaces.Convnet.Parse(name), QuantizationPolicy.Parse(precision, 1)));

    [Theory]
    [InlineData("convnet_L2_F512_K3x3_W70", "fp32")]
    [InlineData("convnet_L5_F64_K3x3_W100_DWS", "fp16")]
    public void StripForCosting_LargeWeights_FeaturizesExactlyAsTheOriginalFromFarFewerBytes(string name, string precision)
    {
        var model = Model(name, precision);

        var stripped = OnnxWeightStripping.StripForCosting(model);

        Assert.True(stripped.Length * 20 < model.Length, $"{model.Length} -> {stripped.Length} bytes");
        var (before, after) = (OnnxGraphFeaturizer.Featurize(model), OnnxGraphFeaturizer.Featurize(stripped));
        Assert.Equal(before.Features, after.Features);
        Assert.Equal(before.Summary.MultiplyAdds, after.Summary.MultiplyAdds);
        Assert.Equal(before.Summary.Parameters, after.Summary.Parameters);
        Assert.Equal(before.Operators.Select(o => o.ToString()), after.Operators.Select(o => o.ToString()));
    }

    [Fact]
    public void StripForCosting_KeepsDimsAndTypeAndMarksTheValuesExternal_SmallConstantsKeepTheirValues()
    {
        var original = ModelProto.Parser.ParseFrom(Model("convnet_L2_F512_K3x3_W70"));

        var stripped = ModelProto.Parser.ParseFrom(OnnxWeightStripping.StripForCosting(original.ToByteArray()));

        foreach (var (was, now) in original.Graph.Initializer.Zip(stripped.Graph.Initializer))
        {
            Assert.Equal((was.Name, was.DataType), (now.Name, now.DataType));
            Assert.Equal(was.Dims, now.Dims);
            var elements = was.Dims.Aggregate(1L, (a, d) => a * d);
            if (elements > 4096)
            {
                Assert.Equal(TensorProto.Types.DataLocation.External, now.DataLocation);
                Assert.Equal(OnnxWeightStripping.StrippedLocation, now.ExternalData.Single(e => e.Key == "location").Value);
                Assert.True(now.RawData.IsEmpty && now.FloatData.Count == 0, $"{now.Name} kept its values");
            }
            else
                Assert.Equal(was, now);
        }
        Assert.Contains(original.Graph.Initializer, t => t.Dims.Aggregate(1L, (a, d) => a * d) > 4096);
    }

    [Fact]
    public void StripForCosting_NoLargeTensor_ReturnsTheSameBytes()
    {
        var g = new OnnxTestGraph();
        var x = g.Input("input", 1, 3, 8, 8);
        g.Output(g.Node("Conv", "conv", [x, g.Weight("w", 4, 3, 3, 3)], OnnxTestGraph.Ints("kernel_shape", 3, 3)));
        var model = g.Build();
        Assert.Same(model, OnnxWeightStripping.StripForCosting(model));
    }

    [Fact]
    public void StripForCosting_BytesThatAreNoModel_SaysSo()
    {
        var error = Assert.Throws<OnnxFeaturizationException>(() => OnnxWeightStripping.StripForCosting([1, 2, 3, 250]));
        Assert.Contains("not an ONNX model", error.Message, StringComparison.Ordinal);
    }
}

using Onnx;

namespace EdgeOpt.Core.Tests.Support;

/// <summary>
/// Counts parameters and multiply-adds from an ONNX graph alone, independently of the network definition:
/// parameters are the sizes of the initializers that feed Conv / Gemm / BatchNormalization weights and biases
/// (directly or through DequantizeLinear / Cast); multiply-adds come from conv weight shapes and conv output
/// shapes observed by running the model in ONNX Runtime.
/// </summary>
internal sealed class OnnxGraphCount
{
    private readonly ModelProto _model;
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, NodeProto> _producers;

    public OnnxGraphCount(byte[] model)
    {
        _model = ModelProto.Parser.ParseFrom(model);
        _initializers = _model.Graph.Initializer.ToDictionary(t => t.Name);
        _producers = _model.Graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
    }

    public long Parameters()
    {
        long total = 0;
        foreach (var node in _model.Graph.Node)
        {
            var parameterInputs = node.OpType switch
            {
                "Conv" or "Gemm" => node.Input.Skip(1),
                "BatchNormalization" => node.Input.Skip(1).Take(2),
                _ => [],
            };
            foreach (var input in parameterInputs) total += Elements(WeightSource(input));
        }
        return total;
    }

    /// <summary>Multiply-adds for batch 1 (the model must be generated with batch 1 and float conv outputs).</summary>
    public long MultiplyAdds(byte[] modelBytes)
    {
        var convs = _model.Graph.Node.Where(n => n.OpType == "Conv").ToArray();
        var outputs = OrtModel.RunOutputs(modelBytes, convs.Select(c => c.Output[0]).Append("logits").ToArray());
        long total = 0;
        foreach (var conv in convs)
        {
            var w = WeightSource(conv.Input[1]);
            var outShape = outputs[conv.Output[0]].Shape;
            Assert.Equal(1, outShape[0]);
            total += outShape.Skip(1).Aggregate(1L, (a, b) => a * b) * w.Dims[1] * w.Dims[2] * w.Dims[3];
        }
        foreach (var gemm in _model.Graph.Node.Where(n => n.OpType == "Gemm"))
        {
            var w = WeightSource(gemm.Input[1]);
            total += w.Dims[0] * w.Dims[1];
        }
        return total;
    }

    private TensorProto WeightSource(string name)
    {
        while (true)
        {
            if (_initializers.TryGetValue(name, out var tensor)) return tensor;
            if (!_producers.TryGetValue(name, out var node) || node.OpType is not ("DequantizeLinear" or "Cast"))
                throw new InvalidOperationException($"'{name}' is not an initializer, a dequantized or a cast one");
            name = node.Input[0];
        }
    }

    private static long Elements(TensorProto tensor) => tensor.Dims.Aggregate(1L, (a, b) => a * b);
}

using Google.Protobuf;
using Onnx;

namespace EdgeOpt.Runtime.Tests.Support;

/// <summary>Small ONNX models built in code with the OnnxSharp protobuf classes.</summary>
internal static class TinyModels
{
    private const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>y = Relu(x · W) for x of shape [batch, features]; batch dynamic ("batch") or fixed.</summary>
    public static byte[] MatMulRelu(int features = 32, int? fixedBatch = null, int layers = 1, int seed = 1)
    {
        var random = new Random(seed);
        var graph = new GraphProto { Name = "matmul_relu" };
        var batch = fixedBatch is { } b ? Dim(b) : Dim("batch");
        graph.Input.Add(Tensor("x", batch, Dim(features)));
        var current = "x";
        for (var layer = 0; layer < layers; layer++)
        {
            var weight = new TensorProto { Name = $"w{layer}", DataType = FloatType, Dims = { features, features } };
            for (var i = 0; i < features * features; i++) weight.FloatData.Add((float)(random.NextDouble() - 0.5));
            graph.Initializer.Add(weight);
            var product = $"m{layer}";
            var activated = layer == layers - 1 ? "y" : $"r{layer}";
            graph.Node.Add(new NodeProto { Name = $"matmul{layer}", OpType = "MatMul", Input = { current, weight.Name }, Output = { product } });
            graph.Node.Add(new NodeProto { Name = $"relu{layer}", OpType = "Relu", Input = { product }, Output = { activated } });
            current = activated;
        }
        graph.Output.Add(Tensor("y", fixedBatch is { } fb ? Dim(fb) : Dim("batch"), Dim(features)));
        return Serialize(graph);
    }

    /// <summary>
    /// A slow model with a small file: <paramref name="layers"/> MatMul+Relu layers that all share one
    /// [features, features] weight; about 2 * batch * features^2 * layers floating-point operations per run.
    /// </summary>
    public static byte[] Heavy(int features, int layers)
    {
        var graph = new GraphProto { Name = "heavy" };
        graph.Input.Add(Tensor("x", Dim("batch"), Dim(features)));
        var weight = new TensorProto { Name = "w", DataType = FloatType, Dims = { features, features } };
        var random = new Random(5);
        for (var i = 0; i < features * features; i++) weight.FloatData.Add((float)((random.NextDouble() - 0.5) / features));
        graph.Initializer.Add(weight);
        var current = "x";
        for (var layer = 0; layer < layers; layer++)
        {
            var next = layer == layers - 1 ? "y" : $"r{layer}";
            graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { current, "w" }, Output = { $"m{layer}" } });
            graph.Node.Add(new NodeProto { OpType = "Relu", Input = { $"m{layer}" }, Output = { next } });
            current = next;
        }
        graph.Output.Add(Tensor("y", Dim("batch"), Dim(features)));
        return Serialize(graph);
    }

    /// <summary>y = Relu(x) with x of shape [batch, "width"]: a dynamic dimension the runner cannot fill.</summary>
    public static byte[] DynamicWidth()
    {
        var graph = new GraphProto { Name = "dynamic_width" };
        graph.Input.Add(Tensor("x", Dim("batch"), Dim("width")));
        graph.Node.Add(new NodeProto { OpType = "Relu", Input = { "x" }, Output = { "y" } });
        graph.Output.Add(Tensor("y", Dim("batch"), Dim("width")));
        return Serialize(graph);
    }

    private static byte[] Serialize(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "edgeopt-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    private static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    private static TensorShapeProto.Types.Dimension Dim(string name) => new() { DimParam = name };

    private static ValueInfoProto Tensor(string name, params TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = shape } },
        };
    }
}

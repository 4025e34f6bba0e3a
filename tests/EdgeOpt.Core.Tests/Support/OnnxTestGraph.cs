using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;
using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeOpt.Core.Tests.Support;

/// <summary>
/// Builds small ONNX models by hand, node by node, the way exporters write them (named nodes, float32 weights in
/// raw_data, int64 shape constants), to test the featurizer on models this project did not generate.
/// </summary>
internal sealed class OnnxTestGraph
{
    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly int _opset;
    private readonly Random _random = new(5);
    private int _nodes;

    public OnnxTestGraph(int opset = 13)
    {
        _opset = opset;
    }

    /// <summary>A float graph input; a dimension is a long (fixed) or a string (dynamic, dim_param).</summary>
    public string Input(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string param
                ? new TensorShapeProto.Types.Dimension { DimParam = param }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        _graph.Input.Add(new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float, Shape = shape } },
        });
        return name;
    }

    /// <summary>A float32 initializer of small random values.</summary>
    public string Weight(string name, params long[] dims)
    {
        var count = dims.Aggregate(1L, (a, b) => a * b);
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = (float)(_random.NextDouble() - 0.5) * 0.2f;
        return Floats(name, values, dims);
    }

    public string Floats(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A 1-D int64 initializer (shapes, axes, pads).</summary>
    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node with one output named after the node; returns the output.</summary>
    public string Node(string opType, string name, string[] inputs, params AttributeProto[] attributes) =>
        Node(opType, name, inputs, 1, attributes)[0];

    public string[] Node(string opType, string name, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        var names = Enumerable.Range(0, outputs).Select(i => i == 0 ? $"{name}_out" : $"{name}_out{i}").ToArray();
        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        _nodes++;
        return names;
    }

    /// <summary>Adds a node of another domain (a custom operator, or ONNX Runtime's com.microsoft ones).</summary>
    public string CustomNode(string domain, string opType, string name, string[] inputs, params AttributeProto[] attributes)
    {
        var output = Node(opType, name, inputs, attributes);
        _graph.Node[^1].Domain = domain;
        return output;
    }

    /// <summary>A scalar initializer of another element type (quantization scales and zero points).</summary>
    public string Scalar(string name, DataType type, float value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        if (type == DataType.Float) tensor.FloatData.Add(value);
        else tensor.Int32Data.Add((int)value);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Declares a float graph output (shape left to inference).</summary>
    public void Output(string name) =>
        _graph.Output.Add(new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } },
        });

    /// <summary>Declares a value_info shape for a tensor.</summary>
    public void Declare(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        _graph.ValueInfo.Add(new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float, Shape = shape } },
        });
    }

    public int NodeCount => _nodes;

    public ModelProto Model()
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "pytorch-like test", Graph = _graph.Clone() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = _opset });
        foreach (var domain in _graph.Node.Select(n => n.Domain).Where(d => d.Length > 0).Distinct())
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = 1 });
        return model;
    }

    public byte[] Build() => Model().ToByteArray();

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Tensor(string name, long value)
    {
        var tensor = new TensorProto { DataType = (int)DataType.Int64 };
        tensor.Int64Data.Add(value);
        return new AttributeProto { Name = name, Type = AttributeType.Tensor, T = tensor };
    }

    public static AttributeProto TensorInts(string name, params long[] values)
    {
        var tensor = new TensorProto { DataType = (int)DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return new AttributeProto { Name = name, Type = AttributeType.Tensor, T = tensor };
    }
}

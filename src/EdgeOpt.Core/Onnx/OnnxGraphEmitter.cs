using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;

namespace EdgeOpt.Core.Onnx;

/// <summary>
/// Writes a <see cref="Network"/> with its weights as an ONNX model, each layer in its slot's precision:
/// fp32 as is; fp16 with fp16 initializers and computation, a Cast wherever a value crosses into or out of an
/// fp16 slot; int8 in QDQ form (every convolution's input and output pass through QuantizeLinear /
/// DequantizeLinear with uint8 activation ranges, its weights are int8 per output channel and its bias int32,
/// each dequantized by DequantizeLinear), which ONNX Runtime fuses into integer convolutions.
/// Other layers of an int8 slot compute in fp32 between the quantized convolutions.
/// </summary>
internal sealed class OnnxGraphEmitter
{
    public const int Opset = 17;
    public const long IrVersion = 8;

    private readonly Network _network;
    private readonly IReadOnlyDictionary<string, LayerWeights> _weights;
    private readonly IReadOnlyList<Precision> _slots;
    private readonly IReadOnlyDictionary<string, (float Min, float Max)> _ranges;
    private readonly int _batch;
    private readonly GraphProto _graph = new() { Name = "edgeopt" };

    // Tensor name in the network -> its ONNX value, and whether that value is fp16.
    private readonly Dictionary<string, (string Name, bool Half)> _values = [];
    private readonly Dictionary<string, string> _casts = [];
    private readonly Dictionary<string, (string Name, ActivationQuantization Q)> _quantized = [];

    public OnnxGraphEmitter(
        Network network, IReadOnlyDictionary<string, LayerWeights> weights, IReadOnlyList<Precision> slots,
        IReadOnlyDictionary<string, (float Min, float Max)> ranges, int batch)
    {
        _network = network;
        _weights = weights;
        _slots = slots;
        _ranges = ranges;
        _batch = batch;
    }

    /// <summary>Tensors whose ranges an int8 model needs: inputs and outputs of convolutions in int8 slots.</summary>
    public static IReadOnlyList<NetworkTensor> QuantizedTensors(Network network, IReadOnlyList<Precision> slots)
    {
        var tensors = new List<NetworkTensor>();
        var seen = new HashSet<string>();
        foreach (var conv in network.Layers.OfType<ConvLayer>())
        {
            if (PrecisionOf(conv, slots) != Precision.Int8) continue;
            if (seen.Add(conv.Input.Name)) tensors.Add(conv.Input);
            if (seen.Add(conv.Output.Name)) tensors.Add(conv.Output);
        }
        return tensors;
    }

    public ModelProto Emit()
    {
        var input = _network.Input;
        _graph.Input.Add(OnnxTensors.ValueInfo(input.Name, DataType.Float, Dims(input)));
        _values[input.Name] = (input.Name, false);

        foreach (var layer in _network.Layers) EmitLayer(layer);

        var output = _network.Output;
        if (_values[output.Name] != (output.Name, false))
            throw new InvalidOperationException($"the network's output {output.Name} must be computed in fp32");
        _graph.Output.Add(OnnxTensors.ValueInfo(output.Name, DataType.Float, Dims(output)));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "EdgeOpt",
            ProducerVersion = "1",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    private static Precision PrecisionOf(NetworkLayer layer, IReadOnlyList<Precision> slots) =>
        layer.Slot is int slot ? slots[slot] : Precision.Fp32;

    private void EmitLayer(NetworkLayer layer)
    {
        var precision = PrecisionOf(layer, _slots);
        var half = precision == Precision.Fp16;
        var output = layer.Output.Name;
        switch (layer)
        {
            case ConvLayer conv when precision == Precision.Int8:
                EmitQuantizedConv(conv);
                return;
            case ConvLayer conv:
            {
                var w = _weights[conv.Name];
                var inputs = new List<string>
                {
                    Value(conv.Input, half),
                    AddInitializer($"{conv.Name}.weight", w.Weight, half, WeightDims(conv)),
                };
                if (w.Bias is not null) inputs.Add(AddInitializer($"{conv.Name}.bias", w.Bias, half, conv.OutChannels));
                AddNode("Conv", conv.Name, inputs, [output], ConvAttributes(conv));
                break;
            }
            case ReluLayer relu:
                AddNode("Relu", relu.Name, [Value(relu.Inputs[0], half)], [output]);
                break;
            case AvgPoolLayer pool:
                AddNode("AveragePool", pool.Name, [Value(pool.Inputs[0], half)], [output],
                    Ints("kernel_shape", pool.KernelSize, pool.KernelSize),
                    Ints("strides", pool.Stride, pool.Stride),
                    Ints("pads", pool.Padding, pool.Padding, pool.Padding, pool.Padding),
                    Int("count_include_pad", pool.CountIncludePad ? 1 : 0));
                break;
            case AddLayer add:
            {
                var sum = Value(add.Inputs[0], half);
                for (var i = 1; i < add.Inputs.Count; i++)
                {
                    var target = i == add.Inputs.Count - 1 ? output : $"{add.Name}_partial{i}";
                    AddNode("Add", $"{add.Name}_{i}", [sum, Value(add.Inputs[i], half)], [target]);
                    sum = target;
                }
                break;
            }
            case ZeroLayer zero:
            {
                var shape = $"{zero.Name}_shape";
                AddNode("Constant", shape, [], [shape], TensorAttribute("value",
                    OnnxTensors.Int64("", Dims(zero.Output), Dims(zero.Output).Length)));
                var value = half ? OnnxTensors.Half("", [0f], 1) : OnnxTensors.Float("", [0f], 1);
                AddNode("ConstantOfShape", zero.Name, [shape], [output], TensorAttribute("value", value));
                break;
            }
            case BatchNormLayer bn:
            {
                var w = _weights[bn.Name];
                var c = bn.Output.Channels;
                AddNode("BatchNormalization", bn.Name,
                [
                    Value(bn.Inputs[0], half),
                    AddInitializer($"{bn.Name}.scale", w.Weight, half, c),
                    AddInitializer($"{bn.Name}.bias", w.Bias!, half, c),
                    AddInitializer($"{bn.Name}.mean", new float[c], half, c),
                    AddInitializer($"{bn.Name}.var", Enumerable.Repeat(1f, c).ToArray(), half, c),
                ], [output]);
                break;
            }
            case ChannelShuffleLayer shuffle:
            {
                var (ch, h, wd, g) = (shuffle.Output.Channels, shuffle.Output.Height, shuffle.Output.Width, shuffle.Groups);
                var grouped = AddShape($"{shuffle.Name}.grouped_shape", _batch, g, ch / g, h, wd);
                var flat = AddShape($"{shuffle.Name}.shape", _batch, ch, h, wd);
                AddNode("Reshape", $"{shuffle.Name}_split", [Value(shuffle.Inputs[0], half), grouped], [$"{output}_grouped"]);
                AddNode("Transpose", $"{shuffle.Name}_transpose", [$"{output}_grouped"], [$"{output}_transposed"],
                    Ints("perm", 0, 2, 1, 3, 4));
                AddNode("Reshape", $"{shuffle.Name}_merge", [$"{output}_transposed", flat], [output]);
                break;
            }
            case GlobalAvgPoolLayer pool:
                AddNode("GlobalAveragePool", pool.Name, [Value(pool.Inputs[0], half)], [output]);
                break;
            case GemmLayer gemm:
            {
                var w = _weights[gemm.Name];
                var flat = $"{gemm.Name}_flat";
                AddNode("Flatten", $"{gemm.Name}_flatten", [Value(gemm.Inputs[0], half)], [flat], Int("axis", 1));
                AddNode("Gemm", gemm.Name,
                [
                    flat,
                    AddInitializer($"{gemm.Name}.weight", w.Weight, half, gemm.OutFeatures, gemm.InFeatures),
                    AddInitializer($"{gemm.Name}.bias", w.Bias!, half, gemm.OutFeatures),
                ], [output], Int("transB", 1));
                break;
            }
            default:
                throw new NotSupportedException($"cannot write layer {layer.Name} ({layer.GetType().Name}) to ONNX");
        }
        _values[layer.Output.Name] = (output, half);
    }

    private void EmitQuantizedConv(ConvLayer conv)
    {
        var w = _weights[conv.Name];
        var (x, inputQ) = QuantizedValue(conv.Input);

        var qw = Quantization.PerChannel(w.Weight, conv.OutChannels);
        var weight = $"{conv.Name}.weight";
        _graph.Initializer.Add(OnnxTensors.Int8($"{weight}_quantized", qw.Values, WeightDims(conv)));
        _graph.Initializer.Add(OnnxTensors.Float($"{weight}_scale", qw.Scales, conv.OutChannels));
        _graph.Initializer.Add(OnnxTensors.Int8($"{weight}_zero_point", new sbyte[conv.OutChannels], conv.OutChannels));
        AddNode("DequantizeLinear", $"{weight}_dequantize",
            [$"{weight}_quantized", $"{weight}_scale", $"{weight}_zero_point"], [weight], Int("axis", 0));
        var inputs = new List<string> { x, weight };

        if (w.Bias is not null)
        {
            var (values, scales) = Quantization.Bias(w.Bias, inputQ.Scale, qw.Scales);
            var bias = $"{conv.Name}.bias";
            _graph.Initializer.Add(OnnxTensors.Int32($"{bias}_quantized", values, conv.OutChannels));
            _graph.Initializer.Add(OnnxTensors.Float($"{bias}_scale", scales, conv.OutChannels));
            _graph.Initializer.Add(OnnxTensors.Int32($"{bias}_zero_point", new int[conv.OutChannels], conv.OutChannels));
            AddNode("DequantizeLinear", $"{bias}_dequantize",
                [$"{bias}_quantized", $"{bias}_scale", $"{bias}_zero_point"], [bias], Int("axis", 0));
            inputs.Add(bias);
        }

        var raw = $"{conv.Output.Name}_float";
        AddNode("Conv", conv.Name, inputs, [raw], ConvAttributes(conv));
        var outputQ = ActivationQuantizationOf(conv.Output);
        var output = QuantizeDequantize(conv.Output.Name, raw, outputQ, finalName: conv.Output.Name);
        _values[conv.Output.Name] = (output, false);
        _quantized[conv.Output.Name] = (output, outputQ);
    }

    /// <summary>The fp32 value of a tensor after a QuantizeLinear / DequantizeLinear pair (shared by consumers).</summary>
    private (string Name, ActivationQuantization Q) QuantizedValue(NetworkTensor tensor)
    {
        if (_quantized.TryGetValue(tensor.Name, out var done)) return done;
        var q = ActivationQuantizationOf(tensor);
        var name = QuantizeDequantize(tensor.Name, Value(tensor, half: false), q, finalName: $"{tensor.Name}_dequantized");
        _quantized[tensor.Name] = (name, q);
        return (name, q);
    }

    private string QuantizeDequantize(string tensor, string value, ActivationQuantization q, string finalName)
    {
        var scale = $"{tensor}_scale";
        var zeroPoint = $"{tensor}_zero_point";
        _graph.Initializer.Add(OnnxTensors.Float(scale, [q.Scale]));
        _graph.Initializer.Add(OnnxTensors.UInt8(zeroPoint, [q.ZeroPoint]));
        AddNode("QuantizeLinear", $"{tensor}_quantize", [value, scale, zeroPoint], [$"{tensor}_quantized"]);
        AddNode("DequantizeLinear", $"{tensor}_dequantize", [$"{tensor}_quantized", scale, zeroPoint], [finalName]);
        return finalName;
    }

    private ActivationQuantization ActivationQuantizationOf(NetworkTensor tensor) =>
        _ranges.TryGetValue(tensor.Name, out var range)
            ? Quantization.ForActivation(range.Min, range.Max)
            : throw new InvalidOperationException($"no activation range for int8 tensor '{tensor.Name}'");

    /// <summary>The tensor's value in the requested precision, casting (once) when it was produced in the other.</summary>
    private string Value(NetworkTensor tensor, bool half)
    {
        var (name, isHalf) = _values[tensor.Name];
        if (isHalf == half) return name;
        var key = $"{tensor.Name}_{(half ? "fp16" : "fp32")}";
        if (_casts.TryGetValue(key, out var cast)) return cast;
        AddNode("Cast", $"{key}_cast", [name], [key], Int("to", (long)(half ? DataType.Float16 : DataType.Float)));
        _casts[key] = key;
        return key;
    }

    private string AddInitializer(string name, float[] values, bool half, params long[] dims)
    {
        _graph.Initializer.Add(half ? OnnxTensors.Half(name, values, dims) : OnnxTensors.Float(name, values, dims));
        return name;
    }

    private string AddShape(string name, params long[] dims)
    {
        _graph.Initializer.Add(OnnxTensors.Int64(name, dims, dims.Length));
        return name;
    }

    private void AddNode(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs,
        params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    private static AttributeProto[] ConvAttributes(ConvLayer conv) =>
    [
        Ints("kernel_shape", conv.KernelSize, conv.KernelSize),
        Ints("strides", conv.Stride, conv.Stride),
        Ints("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding),
        Int("group", conv.Groups),
    ];

    private static long[] WeightDims(ConvLayer conv) =>
        [conv.OutChannels, conv.InChannels / conv.Groups, conv.KernelSize, conv.KernelSize];

    private long[] Dims(NetworkTensor tensor) => [_batch, .. tensor.Shape.Select(d => (long)d)];

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static AttributeProto TensorAttribute(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeType.Tensor, T = value };
}

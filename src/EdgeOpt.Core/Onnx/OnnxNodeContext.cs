using System.Text;
using Onnx;

namespace EdgeOpt.Core.Onnx;

/// <summary>A node with what is known of its inputs, and readers for its attributes that name it in errors.</summary>
internal sealed class OnnxNodeContext
{
    private readonly OnnxValue?[] _inputs;

    public OnnxNodeContext(NodeProto node, string displayName, int opset, OnnxValue?[] inputs)
    {
        Node = node;
        OpType = OnnxShapeRules.Canonical(node) ?? node.OpType;
        DisplayName = displayName;
        Opset = opset;
        _inputs = inputs;
    }

    public NodeProto Node { get; }

    public string DisplayName { get; }

    /// <summary>Version of the default ONNX domain the model imports.</summary>
    public int Opset { get; }

    /// <summary>The default-domain operator whose rule the node follows (FusedConv: Conv); the node's own otherwise.</summary>
    public string OpType { get; init; } = "";

    public int InputCount => _inputs.Length;

    /// <summary>Number of outputs the node names (trailing optional outputs may be absent).</summary>
    public int OutputCount => Node.Output.Count;

    public bool AllInputsConstant => _inputs.All(i => i is null || i.IsConstant) && _inputs.Any(i => i is not null);

    public OnnxValue Input(int index) =>
        Optional(index) ?? throw Error($"input {index} is required but missing");

    public OnnxValue? Optional(int index) => index < _inputs.Length ? _inputs[index] : null;

    public string InputName(int index) => index < Node.Input.Count ? Node.Input[index] : "";

    public IEnumerable<OnnxValue> PresentInputs => _inputs.OfType<OnnxValue>();

    public AttributeProto? Attribute(string name) => Node.Attribute.FirstOrDefault(a => a.Name == name);

    public long Int(string name, long fallback) => Attribute(name) is { } a ? a.I : fallback;

    public float Float(string name, float fallback) => Attribute(name) is { } a ? a.F : fallback;

    public string String(string name, string fallback) =>
        Attribute(name) is { } a ? Encoding.UTF8.GetString(a.S.Span) : fallback;

    public long[]? Ints(string name) => Attribute(name) is { } a ? a.Ints.ToArray() : null;

    public float[]? Floats(string name) => Attribute(name) is { } a ? a.Floats.ToArray() : null;

    /// <summary>
    /// Integer values from an attribute (older opsets) or a constant input (newer opsets), whichever the node has;
    /// null when it has neither.
    /// </summary>
    public long[]? IntsFromAttributeOrInput(string attribute, int input, string what)
    {
        if (Ints(attribute) is { } fromAttribute) return fromAttribute;
        return Optional(input) is null ? null : ConstantInts(input, what);
    }

    /// <summary>The values of a constant input, required for shape propagation.</summary>
    public long[] ConstantInts(int index, string what)
    {
        var value = Input(index);
        if (!value.IsConstant)
            throw Error($"input {index} ('{InputName(index)}', the {what}) is computed at run time; " +
                        "its value is needed to propagate shapes");
        return value.IntValues
               ?? throw Error($"input {index} ('{InputName(index)}', the {what}) is a constant whose values cannot be read " +
                              "(too large, external, or of an unreadable type)");
    }

    public double[] ConstantDoubles(int index, string what)
    {
        var value = Input(index);
        if (!value.IsConstant)
            throw Error($"input {index} ('{InputName(index)}', the {what}) is computed at run time; " +
                        "its value is needed to propagate shapes");
        return value.DoubleValues
               ?? throw Error($"input {index} ('{InputName(index)}', the {what}) is a constant whose values cannot be read");
    }

    /// <summary>Normalizes a possibly negative axis against a rank.</summary>
    public int Axis(long axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw Error($"axis {axis} is out of range for rank {rank}");
        return (int)a;
    }

    public OnnxFeaturizationException Error(string message) =>
        new($"node '{DisplayName}' ({new OnnxNodeRef(Node.OpType, Node.Domain, DisplayName).QualifiedOpType}): {message}");
}

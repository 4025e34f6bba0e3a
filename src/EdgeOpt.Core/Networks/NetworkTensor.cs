namespace EdgeOpt.Core.Networks;

/// <summary>
/// A value flowing through a <see cref="Network"/>: its unique name and its shape without the batch dimension
/// ([C, H, W] for feature maps, [N] for the classifier's output).
/// </summary>
public sealed class NetworkTensor
{
    internal NetworkTensor(string name, IReadOnlyList<int> shape, bool nonNegative)
    {
        Name = name;
        Shape = shape.ToArray();
        NonNegative = nonNegative;
        long count = 1;
        foreach (var d in Shape) count *= d;
        ElementCount = count;
    }

    /// <summary>Unique within its network; also the tensor's name in a generated ONNX model.</summary>
    public string Name { get; }

    /// <summary>Dimensions without the batch.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Elements per batch item.</summary>
    public long ElementCount { get; }

    /// <summary>True when every value is known to be &gt;= 0 (ReLU outputs and what pools or shuffles them).</summary>
    public bool NonNegative { get; }

    public int Channels => Shape[0];

    public int Height => Shape.Count > 1 ? Shape[1] : 1;

    public int Width => Shape.Count > 2 ? Shape[2] : 1;

    public override string ToString() => $"{Name}[{string.Join('x', Shape)}]";
}

namespace EdgeOpt.Core.Onnx;

/// <summary>
/// What shape propagation knows of a tensor: its static shape, element type, whether it is constant (an
/// initializer or computed from constants only) and, for small constants, its values.
/// </summary>
internal sealed record OnnxValue(long[] Shape, int ElementType, bool IsConstant, long[]? Ints = null, double[]? Floats = null)
{
    /// <summary>Constants up to this many elements keep their values (enough for shapes, axes, scales).</summary>
    public const int MaxTrackedElements = 4096;

    public int Rank => Shape.Length;

    public long Elements
    {
        get
        {
            long count = 1;
            foreach (var d in Shape) count *= d;
            return count;
        }
    }

    public long Bytes => Elements * OnnxElementTypes.Size(ElementType);

    public bool HasValues => Ints is not null || Floats is not null;

    /// <summary>Values as integers (floats truncated), or null when unknown.</summary>
    public long[]? IntValues => Ints ?? Floats?.Select(f => (long)f).ToArray();

    /// <summary>Values as doubles, or null when unknown.</summary>
    public double[]? DoubleValues => Floats ?? Ints?.Select(i => (double)i).ToArray();

    public static OnnxValue Activation(long[] shape, int elementType) => new(shape, elementType, false);

    /// <summary>A constant with integer values (kept only when small).</summary>
    public static OnnxValue Constant(long[] shape, int elementType, long[]? ints) =>
        new(shape, elementType, true, Keep(ints, shape));

    /// <summary>A constant with floating-point values (kept only when small).</summary>
    public static OnnxValue Constant(long[] shape, int elementType, double[]? floats) =>
        new(shape, elementType, true, null, Keep(floats, shape));

    public string ShapeText => $"[{string.Join(", ", Shape)}]";

    private static T[]? Keep<T>(T[]? values, long[] shape)
    {
        if (values is null) return null;
        long count = 1;
        foreach (var d in shape) count *= d;
        return count <= MaxTrackedElements && values.Length == count ? values : null;
    }
}

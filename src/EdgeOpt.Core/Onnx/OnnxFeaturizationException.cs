namespace EdgeOpt.Core.Onnx;

/// <summary>A node of an ONNX graph, by op type (with its domain when not the default one) and name.</summary>
public sealed record OnnxNodeRef(string OpType, string Domain, string Name)
{
    /// <summary>"Conv" or "com.microsoft.FusedConv".</summary>
    public string QualifiedOpType => Domain is "" or "ai.onnx" ? OpType : $"{Domain}.{OpType}";

    public override string ToString() => $"{QualifiedOpType} (node '{Name}')";
}

/// <summary>
/// An ONNX model <see cref="OnnxGraphFeaturizer"/> cannot read: unsupported operators (listed in
/// <see cref="UnsupportedNodes"/>), a malformed graph, or a shape it cannot propagate. The message names the node.
/// </summary>
public sealed class OnnxFeaturizationException : Exception
{
    public OnnxFeaturizationException(string message, IReadOnlyList<OnnxNodeRef>? unsupportedNodes = null)
        : base(message)
    {
        UnsupportedNodes = unsupportedNodes ?? [];
    }

    public OnnxFeaturizationException(string message, Exception inner) : base(message, inner)
    {
        UnsupportedNodes = [];
    }

    /// <summary>The nodes whose operators have no rule (empty for other errors).</summary>
    public IReadOnlyList<OnnxNodeRef> UnsupportedNodes { get; }
}

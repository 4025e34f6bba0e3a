namespace EdgeOpt.Core.Onnx;

/// <summary>What <see cref="OnnxGraphFeaturizer"/> does with an operator it has no rule for.</summary>
public enum UnsupportedOperatorPolicy
{
    /// <summary>Throw <see cref="OnnxFeaturizationException"/> naming every unsupported op type and node.</summary>
    Error = 0,

    /// <summary>
    /// Treat the node as elementwise: its output shape is taken from the model's value_info when that is fully
    /// known, else copied from its first input; its cost is one element operation per output element, with no
    /// multiply-adds and no parameters. Each such node is listed in <see cref="OnnxGraphAnalysis.Warnings"/>.
    /// </summary>
    ElementwiseFallback = 1,
}

/// <summary>How <see cref="OnnxGraphFeaturizer"/> reads a model.</summary>
/// <param name="UnsupportedOperators">Error (default) or a documented elementwise fallback.</param>
/// <param name="InputShapes">
/// Shapes of graph inputs by name, overriding the model's. Needed when a non-batch dimension is dynamic;
/// a dynamic first (batch) dimension is taken as 1 without it.
/// </param>
public sealed record OnnxFeaturizerOptions(
    UnsupportedOperatorPolicy UnsupportedOperators = UnsupportedOperatorPolicy.Error,
    IReadOnlyDictionary<string, IReadOnlyList<long>>? InputShapes = null)
{
    public static OnnxFeaturizerOptions Default { get; } = new();
}

using EdgeOpt.Core.Networks;

namespace EdgeOpt.Core.Onnx;

/// <summary>Totals of a featurized ONNX graph (one input), comparable with <see cref="GraphStats"/>.</summary>
/// <param name="MultiplyAdds">Sum of <see cref="OnnxOperatorRecord.MultiplyAdds"/>.</param>
/// <param name="Parameters">Sum of <see cref="OnnxOperatorRecord.Parameters"/> (each weight tensor once).</param>
/// <param name="ActivationBytes">Sum of <see cref="OnnxOperatorRecord.ActivationBytes"/>, in each tensor's own element type.</param>
/// <param name="PeakActivationBytes">The largest single activation tensor.</param>
/// <param name="ElementOps">Sum of <see cref="OnnxOperatorRecord.ElementOps"/>.</param>
/// <param name="Depth">Longest path through the graph counted in compute nodes (convolutions, matrix products).</param>
/// <param name="ComputeOps">Number of compute nodes.</param>
/// <param name="OpTypeCounts">Nodes per op type (domain-qualified when not the default domain).</param>
public sealed record OnnxGraphSummary(
    long MultiplyAdds,
    long Parameters,
    long ActivationBytes,
    long PeakActivationBytes,
    long ElementOps,
    int Depth,
    int ComputeOps,
    IReadOnlyDictionary<string, int> OpTypeCounts)
{
    /// <summary>The totals as <see cref="GraphStats"/>, op counts keyed by ONNX op type.</summary>
    public GraphStats ToGraphStats() =>
        new(MultiplyAdds, Parameters, ActivationBytes, new Dictionary<string, int>(OpTypeCounts));
}

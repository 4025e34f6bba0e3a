using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Onnx;

namespace EdgeOpt.Learning.Latency.CostComponents;

/// <summary>
/// The additive cost drivers of a network: quantities whose weighted sum (weights &gt;= 0, one set per device)
/// approximates its latency or energy, in the manner of a roofline per operator: fixed cost, per-operator overhead,
/// multiply-adds by kind of operator, other arithmetic, activation traffic, weight traffic and the im2col buffer of
/// spatial convolutions. Computed alike from a search space's layer definition (<see cref="FromNetwork"/>) and from
/// any ONNX graph (<see cref="FromOnnx"/>), so that a predictor fitted on one can predict the other.
/// </summary>
public static class CostComponentVector
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "constant", "compute_ops", "runtime_ops", "spatial_conv_macs", "pointwise_conv_macs", "grouped_conv_macs",
        "fc_macs", "element_ops", "activation_bytes", "weight_bytes", "im2col_bytes",
    ];

    public static int Length => Names.Count;

    /// <summary>Index of <c>fc_macs</c>.</summary>
    public const int FullyConnectedMacs = 6;

    /// <summary>Index of <c>weight_bytes</c>: all the network's weights and biases (fp32), its weight footprint.</summary>
    public const int WeightBytes = 9;

    /// <summary>The components of a list of operators.</summary>
    public static double[] Of(IEnumerable<CostOp> operators)
    {
        ArgumentNullException.ThrowIfNull(operators);
        var v = new double[Length];
        v[0] = 1;
        foreach (var op in operators)
        {
            var compute = op.Kind != CostOpKind.Other;
            if (compute) v[1] += 1;
            v[2] += 1;
            switch (op.Kind)
            {
                case CostOpKind.SpatialConv:
                    v[3] += op.MultiplyAdds;
                    if (op.OutChannels > 0) v[10] += 4.0 * op.MultiplyAdds / op.OutChannels;
                    break;
                case CostOpKind.PointwiseConv: v[4] += op.MultiplyAdds; break;
                case CostOpKind.GroupedConv: v[5] += op.MultiplyAdds; break;
                case CostOpKind.FullyConnected: v[6] += op.MultiplyAdds; break;
            }
            v[7] += op.ElementOps;
            v[8] += op.OutputBytes;
            v[9] += 4.0 * op.Parameters;
        }
        return v;
    }

    /// <summary>The operators of a search space's network (its layer definition, fp32).</summary>
    public static IReadOnlyList<CostOp> Operators(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var ops = new List<CostOp>(network.Layers.Count);
        foreach (var layer in network.Layers)
        {
            var outElements = layer.Output.ElementCount;
            var bytes = outElements * sizeof(float);
            switch (layer)
            {
                case ConvLayer c:
                    var kind = c.Groups > 1 ? CostOpKind.GroupedConv : c.KernelSize == 1 ? CostOpKind.PointwiseConv : CostOpKind.SpatialConv;
                    ops.Add(new CostOp(kind, c.MultiplyAdds, c.HasBias ? outElements : 0, c.Parameters, bytes, c.OutChannels));
                    break;
                case GemmLayer g:
                    ops.Add(new CostOp(CostOpKind.FullyConnected, g.MultiplyAdds, g.OutFeatures, g.Parameters, bytes, g.OutFeatures));
                    break;
                case ZeroLayer:
                    break; // a constant: folded at load time
                case AvgPoolLayer p:
                    ops.Add(new CostOp(CostOpKind.Other, 0, outElements * p.KernelSize * p.KernelSize, 0, bytes, 0));
                    break;
                case GlobalAvgPoolLayer gp:
                    ops.Add(new CostOp(CostOpKind.Other, 0, gp.Input.ElementCount, 0, bytes, 0));
                    break;
                case AddLayer a:
                    ops.Add(new CostOp(CostOpKind.Other, 0, outElements * Math.Max(1, a.Inputs.Count - 1), 0, bytes, 0));
                    break;
                default:
                    ops.Add(new CostOp(CostOpKind.Other, 0, outElements, layer.Parameters, bytes, 0));
                    break;
            }
        }
        return ops;
    }

    /// <summary>The components of a search space's network.</summary>
    public static double[] FromNetwork(Network network) => Of(Operators(network));

    /// <summary>
    /// The operators of a featurized ONNX graph: nodes folded at load time and views (no activation bytes and no
    /// arithmetic) are left out; quantized convolutions count as convolutions.
    /// </summary>
    public static IReadOnlyList<CostOp> Operators(OnnxGraphAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var ops = new List<CostOp>(analysis.Operators.Count);
        foreach (var r in analysis.Operators)
        {
            if (r.IsConstant) continue;
            if (r.MultiplyAdds == 0 && r.ElementOps == 0 && r.ActivationBytes == 0) continue; // a view
            var type = r.OpType.Contains('.') ? r.OpType[(r.OpType.LastIndexOf('.') + 1)..] : r.OpType;
            CostOpKind kind;
            if (type is "Conv" or "QLinearConv" or "ConvInteger" or "FusedConv" or "ConvTranspose")
            {
                var pointwise = r.Kernel.Count > 0 && r.Kernel.All(k => k == 1);
                kind = r.Groups > 1 ? CostOpKind.GroupedConv : pointwise ? CostOpKind.PointwiseConv : CostOpKind.SpatialConv;
            }
            else if (r.IsCompute) kind = CostOpKind.FullyConnected;
            else kind = CostOpKind.Other;
            ops.Add(new CostOp(kind, r.MultiplyAdds, r.ElementOps, r.Parameters, r.ActivationBytes, kind == CostOpKind.Other ? 0 : r.OutChannels));
        }
        return ops;
    }

    /// <summary>The components of a featurized ONNX graph.</summary>
    public static double[] FromOnnx(OnnxGraphAnalysis analysis) => Of(Operators(analysis));
}

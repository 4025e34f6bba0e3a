namespace EdgeOpt.Core.Onnx;

/// <summary>Kernel geometry and cost of one node, from its inputs and propagated outputs.</summary>
internal readonly record struct OnnxCost(
    long[] Kernel, long[] Strides, long Groups, long InChannels, long OutChannels,
    long MultiplyAdds, long ElementOps, int[] ParameterInputs, bool IsCompute)
{
    public static OnnxCost None { get; } = new([], [], 1, 0, 0, 0, 0, [], false);
}

/// <summary>
/// Costs per operator. Multiply-adds: convolutions out_elements x (C_in / groups) x kernel_area (transposed:
/// in_elements x (C_out / groups) x kernel_area), Gemm M x N x K, MatMul batch x M x N x K; bias adds are not
/// counted. Element operations: one per output element for elementwise ops, activations, normalizations, casts and
/// (de)quantization; pools one per window element; reductions and global pools one per input element; data
/// movement and views none.
/// </summary>
internal static class OnnxOperatorCosts
{
    public static OnnxCost Of(OnnxNodeContext c, OnnxValue[] outputs)
    {
        var output = outputs[0];
        switch (c.OpType)
        {
            case "Conv":
                return Convolution(c, output, x: 0, w: 1, [1, 2]);
            case "ConvInteger":
                return Convolution(c, output, x: 0, w: 1, [1]);
            case "QLinearConv":
                return Convolution(c, output, x: 0, w: 3, [3, 8]);
            case "ConvTranspose":
            {
                var x = c.Input(0);
                var w = c.Input(1);
                var kernel = c.Ints("kernel_shape") ?? w.Shape[2..];
                var macs = x.Elements * w.Shape[1] * Product(kernel);
                return new OnnxCost(kernel, Strides(c, kernel.Length), c.Int("group", 1), x.Shape[1], output.Shape[1],
                    macs, 0, [1, 2], true);
            }
            case "Gemm":
            {
                var a = c.Input(0);
                var k = c.Int("transA", 0) != 0 ? a.Shape[0] : a.Shape[1];
                return new OnnxCost([], [], 1, k, output.Shape[1], output.Elements * k, 0, [0, 1, 2], true);
            }
            case "MatMul" or "MatMulInteger" or "QLinearMatMul":
            {
                var a = c.Input(0);
                var k = a.Shape[^1];
                var outFeatures = output.Rank == 0 ? 1 : output.Shape[^1];
                int[] weights = c.OpType == "QLinearMatMul" ? [0, 3] : [0, 1];
                return new OnnxCost([], [], 1, k, outFeatures, output.Elements * k, 0, weights, true);
            }
            case "MaxPool" or "AveragePool" or "LpPool":
            {
                var kernel = c.Ints("kernel_shape") ?? [];
                var channels = output.Shape[1];
                return new OnnxCost(kernel, Strides(c, kernel.Length), 1, channels, channels, 0,
                    output.Elements * Product(kernel), [], false);
            }
            case "GlobalAveragePool" or "GlobalMaxPool" or "GlobalLpPool":
            {
                var x = c.Input(0);
                return new OnnxCost(x.Shape[2..], [], 1, x.Shape[1], x.Shape[1], 0, x.Elements, [], false);
            }
            case "BatchNormalization" or "InstanceNormalization" or "LayerNormalization":
            {
                var channels = output.Rank > 1 ? output.Shape[1] : 0;
                return new OnnxCost([], [], 1, channels, channels, 0, output.Elements, [1, 2], false);
            }
            case "PRelu":
                return Elementwise(output, [1]);
            case "Add" or "Sub" or "Mul" or "Div":
            {
                // A non-scalar constant operand is a learned bias or scale (e.g. MatMul + Add of a linear layer).
                var weights = Enumerable.Range(0, c.InputCount)
                    .Where(i => c.Optional(i) is { IsConstant: true, Elements: > 1 }).ToArray();
                return Elementwise(output, c.AllInputsConstant ? [] : weights);
            }
            case "ReduceMean" or "ReduceSum" or "ReduceMax" or "ReduceMin" or "ReduceProd" or "ReduceL1" or "ReduceL2"
                or "ReduceLogSumExp" or "ReduceSumSquare" or "ArgMax" or "ArgMin":
                return OnnxCost.None with { ElementOps = c.Input(0).Elements };
            case "Concat" or "QLinearConcat" or "Transpose" or "Pad" or "Slice" or "Gather" or "Split" or "Expand" or "Tile"
                or "DepthToSpace" or "SpaceToDepth" or "Shape" or "Size" or "Constant" or "ConstantOfShape":
                return OnnxCost.None;
            default:
                return OnnxShapeRules.IsView(c.OpType) ? OnnxCost.None : Elementwise(output, []);
        }
    }

    /// <summary>The cost the elementwise fallback assigns to an unsupported node.</summary>
    public static OnnxCost Fallback(OnnxValue output) => Elementwise(output, []);

    private static OnnxCost Elementwise(OnnxValue output, int[] weights) =>
        OnnxCost.None with { ElementOps = output.Elements, ParameterInputs = weights };

    private static OnnxCost Convolution(OnnxNodeContext c, OnnxValue output, int x, int w, int[] weights)
    {
        var input = c.Input(x);
        var weight = c.Input(w);
        var kernel = c.Ints("kernel_shape") ?? weight.Shape[2..];
        var macs = output.Elements * weight.Shape[1] * Product(kernel);
        return new OnnxCost(kernel, Strides(c, kernel.Length), c.Int("group", 1), input.Shape[1], weight.Shape[0],
            macs, 0, weights, true);
    }

    private static long[] Strides(OnnxNodeContext c, int n) => c.Ints("strides") ?? Enumerable.Repeat(1L, n).ToArray();

    private static long Product(long[] values)
    {
        long p = 1;
        foreach (var v in values) p *= v;
        return p;
    }
}

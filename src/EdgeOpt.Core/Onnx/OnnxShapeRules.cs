using Onnx;

namespace EdgeOpt.Core.Onnx;

/// <summary>
/// Output shapes and element types of the ONNX operators <see cref="OnnxGraphFeaturizer"/> supports, with the
/// values of small integer constants folded through shape arithmetic (Shape, Gather, Concat, Unsqueeze, ...),
/// so that PyTorch's <c>x.view(x.size(0), -1)</c> pattern resolves. Attributes of older opsets and inputs of newer
/// ones are both read (Squeeze / Unsqueeze / Reduce* axes, Pad pads, Split sizes, Clip bounds).
/// </summary>
internal static class OnnxShapeRules
{
    private static readonly string[] SameShapeOps =
    [
        "Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Elu", "Selu", "Celu", "Softplus",
        "Softsign", "Exp", "Log", "Sqrt", "Reciprocal", "Neg", "Abs", "Erf", "Gelu", "Mish", "Floor", "Ceil", "Round",
        "Sign", "Clip", "Softmax", "LogSoftmax", "Hardmax", "ThresholdedRelu", "Sin", "Cos",
        "BatchNormalization", "InstanceNormalization", "LayerNormalization", "LRN", "MeanVarianceNormalization",
    ];

    private static readonly string[] BroadcastOps =
    [
        "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum", "Mean", "PRelu", "BitShift",
    ];

    private static readonly string[] ComparisonOps =
        ["Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor"];

    private static readonly string[] ReduceOps =
    [
        "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
        "ReduceLogSumExp", "ReduceSumSquare",
    ];

    private static readonly Dictionary<string, Func<OnnxNodeContext, OnnxValue[]>> Rules = BuildRules();

    /// <summary>
    /// ONNX Runtime's com.microsoft operators that keep the NCHW layout and the semantics of a default-domain rule
    /// (as its quantizer and graph fusions write them), mapped to that rule.
    /// </summary>
    private static readonly Dictionary<string, string> MicrosoftAliases = new()
    {
        ["FusedConv"] = "Conv",
        ["FusedGemm"] = "Gemm",
        ["QLinearConv"] = "QLinearConv",
        ["QLinearAdd"] = "Add",
        ["QLinearMul"] = "Mul",
        ["QLinearGlobalAveragePool"] = "GlobalAveragePool",
        ["QLinearAveragePool"] = "AveragePool",
        ["QLinearSigmoid"] = "Sigmoid",
        ["QLinearLeakyRelu"] = "LeakyRelu",
        ["QLinearConcat"] = "QLinearConcat",
    };

    /// <summary>Operators that have a rule: the default domain's, then com.microsoft ones as "com.microsoft.Op".</summary>
    public static IReadOnlyCollection<string> SupportedOpTypes =>
        [.. Rules.Keys.Where(k => k != "QLinearConcat").Order(), .. MicrosoftAliases.Keys.Select(k => $"com.microsoft.{k}")];

    /// <summary>The default-domain rule a node follows, or null when there is none.</summary>
    public static string? Canonical(NodeProto node) => node.Domain switch
    {
        "" or "ai.onnx" => Rules.ContainsKey(node.OpType) && node.OpType != "QLinearConcat" ? node.OpType : null,
        "com.microsoft" => MicrosoftAliases.GetValueOrDefault(node.OpType),
        _ => null,
    };

    public static bool IsSupported(NodeProto node) => Canonical(node) is not null;

    /// <summary>One value per output the node names.</summary>
    public static OnnxValue[] Infer(OnnxNodeContext ctx)
    {
        if (ctx.Node.Domain == "com.microsoft" && ctx.Int("channels_last", 0) != 0)
            throw ctx.Error("the channels-last (NHWC) form of this operator is not supported");
        return Rules[ctx.OpType](ctx);
    }

    /// <summary>Ops that only reinterpret their input (no data is computed or copied at run time).</summary>
    public static bool IsView(string opType) =>
        opType is "Reshape" or "Flatten" or "Squeeze" or "Unsqueeze" or "Identity" or "Dropout";

    private static Dictionary<string, Func<OnnxNodeContext, OnnxValue[]>> BuildRules()
    {
        var rules = new Dictionary<string, Func<OnnxNodeContext, OnnxValue[]>>();
        foreach (var op in SameShapeOps) rules[op] = SameShape;
        foreach (var op in BroadcastOps) rules[op] = Broadcast;
        foreach (var op in ComparisonOps) rules[op] = c => [Out(c, BroadcastShape(c, c.PresentInputs), OnnxElementTypes.Bool)];
        foreach (var op in ReduceOps) rules[op] = Reduce;
        rules["Identity"] = Passthrough;
        rules["Dropout"] = Dropout;
        rules["Not"] = c => [Out(c, c.Input(0).Shape, OnnxElementTypes.Bool)];
        rules["IsNaN"] = rules["Not"];
        rules["IsInf"] = rules["Not"];
        rules["Cast"] = Cast;
        rules["CastLike"] = c => [Out(c, c.Input(0).Shape, c.Input(1).ElementType, c.Input(0).Ints, c.Input(0).Floats)];
        rules["QuantizeLinear"] = Quantize;
        rules["DequantizeLinear"] = c => [Out(c, c.Input(0).Shape, c.Optional(1)?.ElementType ?? OnnxElementTypes.Float)];
        rules["Where"] = c => [Out(c, BroadcastShape(c, c.PresentInputs), c.Input(1).ElementType)];
        rules["Conv"] = c => [Out(c, ConvShape(c, 0, 1), c.Input(0).ElementType)];
        rules["ConvInteger"] = c => [Out(c, ConvShape(c, 0, 1), OnnxElementTypes.Int32)];
        rules["QLinearConv"] = c => [Out(c, ConvShape(c, 0, 3), c.Input(7).ElementType)];
        rules["ConvTranspose"] = ConvTranspose;
        rules["Gemm"] = Gemm;
        rules["MatMul"] = c => [Out(c, MatMulShape(c, c.Input(0), c.Input(1)), c.Input(0).ElementType)];
        rules["MatMulInteger"] = c => [Out(c, MatMulShape(c, c.Input(0), c.Input(1)), OnnxElementTypes.Int32)];
        rules["QLinearMatMul"] = c => [Out(c, MatMulShape(c, c.Input(0), c.Input(3)), c.Input(7).ElementType)];
        rules["MaxPool"] = Pool;
        rules["AveragePool"] = Pool;
        rules["LpPool"] = Pool;
        rules["GlobalAveragePool"] = GlobalPool;
        rules["GlobalMaxPool"] = GlobalPool;
        rules["GlobalLpPool"] = GlobalPool;
        rules["Concat"] = Concat;
        rules["Reshape"] = Reshape;
        rules["Flatten"] = Flatten;
        rules["Transpose"] = Transpose;
        rules["Squeeze"] = Squeeze;
        rules["Unsqueeze"] = Unsqueeze;
        rules["Pad"] = Pad;
        rules["Resize"] = Resize;
        rules["Upsample"] = Resize;
        rules["Slice"] = Slice;
        rules["Split"] = Split;
        rules["Gather"] = Gather;
        rules["Shape"] = Shape;
        rules["Size"] = c => [OnnxValue.Constant([], OnnxElementTypes.Int64, [c.Input(0).Elements])];
        rules["Constant"] = Constant;
        rules["ConstantOfShape"] = ConstantOfShape;
        rules["Expand"] = Expand;
        rules["Tile"] = Tile;
        rules["ArgMax"] = ArgReduce;
        rules["ArgMin"] = ArgReduce;
        rules["QLinearConcat"] = QLinearConcat;
        rules["DepthToSpace"] = c => [SpaceDepth(c, toSpace: true)];
        rules["SpaceToDepth"] = c => [SpaceDepth(c, toSpace: false)];
        return rules;
    }

    // An output whose constness follows the inputs': constant when every input is.
    private static OnnxValue Out(OnnxNodeContext c, long[] shape, int type, long[]? ints = null, double[]? floats = null)
    {
        if (shape.Any(d => d < 0))
            throw c.Error($"propagation gives the negative shape [{string.Join(", ", shape)}]");
        if (!c.AllInputsConstant) return OnnxValue.Activation(shape, type);
        return floats is not null
            ? OnnxValue.Constant(shape, type, floats)
            : OnnxValue.Constant(shape, type, ints);
    }

    private static OnnxValue[] Repeat(OnnxNodeContext c, OnnxValue first, Func<OnnxValue>? others = null)
    {
        var outputs = new OnnxValue[c.OutputCount];
        outputs[0] = first;
        for (var i = 1; i < outputs.Length; i++) outputs[i] = others?.Invoke() ?? first with { Ints = null, Floats = null };
        return outputs;
    }

    private static OnnxValue[] SameShape(OnnxNodeContext c) =>
        Repeat(c, Out(c, c.Input(0).Shape, c.Input(0).ElementType));

    private static OnnxValue[] Passthrough(OnnxNodeContext c)
    {
        var x = c.Input(0);
        return [Out(c, x.Shape, x.ElementType, x.Ints, x.Floats)];
    }

    private static OnnxValue[] Dropout(OnnxNodeContext c)
    {
        var x = c.Input(0);
        return Repeat(c, Out(c, x.Shape, x.ElementType, x.Ints, x.Floats),
            () => Out(c, x.Shape, OnnxElementTypes.Bool));
    }

    private static OnnxValue[] Cast(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var to = (int)c.Int("to", 0);
        if (to == 0) throw c.Error("attribute 'to' is missing");
        return OnnxElementTypes.IsFloating(to)
            ? [Out(c, x.Shape, to, null, x.DoubleValues)]
            : [Out(c, x.Shape, to, x.IntValues)];
    }

    private static OnnxValue[] Quantize(OnnxNodeContext c)
    {
        var type = c.Attribute("output_dtype") is { I: > 0 } a ? (int)a.I
            : c.Optional(2)?.ElementType ?? OnnxElementTypes.UInt8;
        return [Out(c, c.Input(0).Shape, type)];
    }

    private static OnnxValue[] Broadcast(OnnxNodeContext c)
    {
        var inputs = c.PresentInputs.ToArray();
        var shape = BroadcastShape(c, inputs);
        long[]? ints = null;
        if (c.AllInputsConstant && inputs.Length == 2 && inputs.All(i => i.Ints is not null)
            && c.OpType is "Add" or "Sub" or "Mul" or "Div")
            ints = FoldArithmetic(c.OpType, inputs[0], inputs[1], shape);
        return [Out(c, shape, inputs[0].ElementType, ints)];
    }

    private static long[]? FoldArithmetic(string op, OnnxValue a, OnnxValue b, long[] shape)
    {
        long count = 1;
        foreach (var d in shape) count *= d;
        if (count > OnnxValue.MaxTrackedElements) return null;
        var x = a.Ints!;
        var y = b.Ints!;
        if ((x.Length != count && x.Length != 1) || (y.Length != count && y.Length != 1)) return null;
        var result = new long[count];
        for (var i = 0; i < count; i++)
        {
            var l = x[x.Length == 1 ? 0 : i];
            var r = y[y.Length == 1 ? 0 : i];
            result[i] = op switch
            {
                "Add" => l + r,
                "Sub" => l - r,
                "Mul" => l * r,
                _ => r == 0 ? 0 : (long)Math.Floor((double)l / r),
            };
        }
        return result;
    }

    /// <summary>Multidirectional (numpy) broadcasting.</summary>
    public static long[] BroadcastShape(OnnxNodeContext c, IEnumerable<OnnxValue> inputs)
    {
        var shapes = inputs.Select(i => i.Shape).ToArray();
        if (shapes.Length == 0) throw c.Error("needs at least one input");
        var rank = shapes.Max(s => s.Length);
        var result = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            long dim = 1;
            foreach (var s in shapes)
            {
                var j = i - (rank - s.Length);
                if (j < 0 || s[j] == 1) continue;
                if (dim != 1 && dim != s[j])
                    throw c.Error($"cannot broadcast the input shapes {string.Join(" and ", shapes.Select(x => $"[{string.Join(", ", x)}]"))}");
                dim = s[j];
            }
            result[i] = dim;
        }
        return result;
    }

    /// <summary>Output shape of a convolution reading its data at <paramref name="x"/> and weight at <paramref name="w"/>.</summary>
    private static long[] ConvShape(OnnxNodeContext c, int x, int w)
    {
        var input = c.Input(x);
        var weight = c.Input(w);
        if (input.Rank < 3) throw c.Error($"input shape {input.ShapeText} has no spatial dimensions");
        if (weight.Rank != input.Rank)
            throw c.Error($"weight shape {weight.ShapeText} does not match the input's rank {input.Rank}");
        var spatial = input.Rank - 2;
        var kernel = c.Ints("kernel_shape") ?? weight.Shape[2..];
        var group = c.Int("group", 1);
        if (input.Shape[1] != weight.Shape[1] * group)
            throw c.Error($"input has {input.Shape[1]} channels but the weight {weight.ShapeText} with {group} group(s) expects {weight.Shape[1] * group}");
        var sides = Window(c, input.Shape[2..], kernel, ceilMode: false);
        return [input.Shape[0], weight.Shape[0], .. sides];
    }

    /// <summary>Spatial output of a sliding window (convolution or pool) with strides, dilations, pads, auto_pad.</summary>
    public static long[] Window(OnnxNodeContext c, long[] inSides, long[] kernel, bool ceilMode)
    {
        var n = inSides.Length;
        if (kernel.Length != n) throw c.Error($"kernel [{string.Join(", ", kernel)}] does not have {n} spatial dimensions");
        var strides = c.Ints("strides") ?? Enumerable.Repeat(1L, n).ToArray();
        var dilations = c.Ints("dilations") ?? Enumerable.Repeat(1L, n).ToArray();
        var autoPad = c.String("auto_pad", "NOTSET");
        var pads = c.Ints("pads") ?? new long[2 * n];
        if (strides.Length != n || dilations.Length != n || pads.Length != 2 * n)
            throw c.Error($"strides, dilations or pads do not fit {n} spatial dimensions");
        var result = new long[n];
        for (var i = 0; i < n; i++)
        {
            var extent = (kernel[i] - 1) * dilations[i] + 1;
            result[i] = autoPad switch
            {
                "SAME_UPPER" or "SAME_LOWER" => CeilDiv(inSides[i], strides[i]),
                "VALID" => (inSides[i] - extent) / strides[i] + 1,
                "NOTSET" or "" => Sliding(inSides[i] + pads[i] + pads[i + n], extent, strides[i], ceilMode, inSides[i] + pads[i]),
                _ => throw c.Error($"auto_pad '{autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID"),
            };
            if (result[i] < 1)
                throw c.Error($"spatial dimension {i} of size {inSides[i]} is smaller than the window {extent}");
        }
        return result;
    }

    private static long Sliding(long padded, long extent, long stride, bool ceilMode, long lastStartLimit)
    {
        if (!ceilMode) return (padded - extent) / stride + 1;
        var count = CeilDiv(padded - extent, stride) + 1;
        // A window that would start in the end padding is dropped (as ONNX Runtime and PyTorch do).
        if ((count - 1) * stride >= lastStartLimit) count--;
        return count;
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    private static OnnxValue[] ConvTranspose(OnnxNodeContext c)
    {
        var input = c.Input(0);
        var weight = c.Input(1);
        var n = input.Rank - 2;
        if (n < 1 || weight.Rank != input.Rank) throw c.Error($"input {input.ShapeText} and weight {weight.ShapeText} do not fit");
        var group = c.Int("group", 1);
        var kernel = c.Ints("kernel_shape") ?? weight.Shape[2..];
        var strides = c.Ints("strides") ?? Enumerable.Repeat(1L, n).ToArray();
        var dilations = c.Ints("dilations") ?? Enumerable.Repeat(1L, n).ToArray();
        var outputPadding = c.Ints("output_padding") ?? new long[n];
        var pads = c.Ints("pads") ?? new long[2 * n];
        var autoPad = c.String("auto_pad", "NOTSET");
        long[] sides;
        if (c.Ints("output_shape") is { } explicitShape)
            sides = explicitShape.Length == n ? explicitShape : explicitShape[^n..];
        else
        {
            sides = new long[n];
            for (var i = 0; i < n; i++)
                sides[i] = autoPad is "SAME_UPPER" or "SAME_LOWER"
                    ? input.Shape[i + 2] * strides[i]
                    : strides[i] * (input.Shape[i + 2] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1
                      - (autoPad == "VALID" ? 0 : pads[i] + pads[i + n]);
        }
        return [Out(c, [input.Shape[0], weight.Shape[1] * group, .. sides], input.ElementType)];
    }

    private static OnnxValue[] Gemm(OnnxNodeContext c)
    {
        var a = c.Input(0);
        var b = c.Input(1);
        if (a.Rank != 2 || b.Rank != 2) throw c.Error($"Gemm needs 2-D inputs; got {a.ShapeText} and {b.ShapeText}");
        var (m, k) = c.Int("transA", 0) != 0 ? (a.Shape[1], a.Shape[0]) : (a.Shape[0], a.Shape[1]);
        var (kb, n) = c.Int("transB", 0) != 0 ? (b.Shape[1], b.Shape[0]) : (b.Shape[0], b.Shape[1]);
        if (k != kb) throw c.Error($"inner dimensions differ: A {a.ShapeText} gives {k}, B {b.ShapeText} gives {kb}");
        return [Out(c, [m, n], a.ElementType)];
    }

    public static long[] MatMulShape(OnnxNodeContext c, OnnxValue a, OnnxValue b)
    {
        var left = a.Rank == 1 ? [1, a.Shape[0]] : a.Shape;
        var right = b.Rank == 1 ? [b.Shape[0], 1] : b.Shape;
        if (left.Length < 2 || right.Length < 2) throw c.Error("MatMul inputs must have at least one dimension");
        if (left[^1] != right[^2])
            throw c.Error($"inner dimensions differ: {a.ShapeText} x {b.ShapeText}");
        var batch = BroadcastShape(c, [OnnxValue.Activation(left[..^2], 0), OnnxValue.Activation(right[..^2], 0)]);
        var shape = new List<long>(batch);
        if (a.Rank != 1) shape.Add(left[^2]);
        if (b.Rank != 1) shape.Add(right[^1]);
        return shape.ToArray();
    }

    private static OnnxValue[] Pool(OnnxNodeContext c)
    {
        var x = c.Input(0);
        if (x.Rank < 3) throw c.Error($"input shape {x.ShapeText} has no spatial dimensions");
        var kernel = c.Ints("kernel_shape") ?? throw c.Error("attribute 'kernel_shape' is missing");
        var sides = Window(c, x.Shape[2..], kernel, ceilMode: c.Int("ceil_mode", 0) != 0);
        long[] shape = [x.Shape[0], x.Shape[1], .. sides];
        return Repeat(c, Out(c, shape, x.ElementType), () => Out(c, shape, OnnxElementTypes.Int64));
    }

    private static OnnxValue[] GlobalPool(OnnxNodeContext c)
    {
        var x = c.Input(0);
        if (x.Rank < 3) throw c.Error($"input shape {x.ShapeText} has no spatial dimensions");
        return [Out(c, [x.Shape[0], x.Shape[1], .. Enumerable.Repeat(1L, x.Rank - 2)], x.ElementType)];
    }

    private static OnnxValue[] Concat(OnnxNodeContext c) => Concat(c, c.PresentInputs.ToArray());

    // com.microsoft.QLinearConcat: (Y_scale, Y_zero_point, then X, X_scale, X_zero_point per input).
    private static OnnxValue[] QLinearConcat(OnnxNodeContext c) =>
        Concat(c, Enumerable.Range(0, (c.InputCount - 2) / 3).Select(i => c.Input(2 + 3 * i)).ToArray());

    private static OnnxValue[] Concat(OnnxNodeContext c, OnnxValue[] inputs)
    {
        if (inputs.Length == 0) throw c.Error("has no inputs to concatenate");
        var first = inputs[0];
        var axis = c.Axis(c.Attribute("axis")?.I ?? throw c.Error("attribute 'axis' is missing"), first.Rank);
        var shape = first.Shape.ToArray();
        shape[axis] = 0;
        foreach (var input in inputs)
        {
            if (input.Rank != first.Rank) throw c.Error($"inputs of different ranks: {first.ShapeText} and {input.ShapeText}");
            for (var i = 0; i < shape.Length; i++)
                if (i != axis && input.Shape[i] != first.Shape[i])
                    throw c.Error($"inputs {first.ShapeText} and {input.ShapeText} differ outside axis {axis}");
            shape[axis] += input.Shape[axis];
        }
        long[]? ints = first.Rank == 1 && inputs.All(i => i.Ints is not null) ? inputs.SelectMany(i => i.Ints!).ToArray() : null;
        return [Out(c, shape, first.ElementType, ints)];
    }

    private static OnnxValue[] Reshape(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var target = c.IntsFromAttributeOrInput("shape", 1, "target shape")
                     ?? throw c.Error("has neither a 'shape' attribute nor a shape input");
        var allowZero = c.Int("allowzero", 0) != 0;
        var shape = new long[target.Length];
        var infer = -1;
        long known = 1;
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] == -1)
            {
                if (infer >= 0) throw c.Error($"target shape [{string.Join(", ", target)}] has more than one -1");
                infer = i;
                continue;
            }
            shape[i] = target[i] == 0 && !allowZero
                ? (i < x.Rank ? x.Shape[i] : throw c.Error($"target shape copies dimension {i} the input {x.ShapeText} lacks"))
                : target[i];
            known *= shape[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || x.Elements % known != 0)
                throw c.Error($"cannot reshape {x.ShapeText} into [{string.Join(", ", target)}]");
            shape[infer] = x.Elements / known;
        }
        else if (known != x.Elements)
            throw c.Error($"cannot reshape {x.ShapeText} ({x.Elements} elements) into [{string.Join(", ", shape)}]");
        return [Out(c, shape, x.ElementType, x.Ints, x.Floats)];
    }

    private static OnnxValue[] Flatten(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var axisValue = c.Int("axis", 1);
        var axis = (int)(axisValue < 0 ? axisValue + x.Rank : axisValue);
        if (axis < 0 || axis > x.Rank) throw c.Error($"axis {axisValue} is out of range for rank {x.Rank}");
        long outer = 1, inner = 1;
        for (var i = 0; i < x.Rank; i++)
            if (i < axis) outer *= x.Shape[i];
            else inner *= x.Shape[i];
        return [Out(c, [outer, inner], x.ElementType, x.Ints, x.Floats)];
    }

    private static OnnxValue[] Transpose(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var perm = c.Ints("perm") ?? Enumerable.Range(0, x.Rank).Reverse().Select(i => (long)i).ToArray();
        if (perm.Length != x.Rank || perm.Distinct().Count() != perm.Length || perm.Any(p => p < 0 || p >= x.Rank))
            throw c.Error($"perm [{string.Join(", ", perm)}] is not a permutation of the input's {x.Rank} axes");
        var shape = perm.Select(p => x.Shape[p]).ToArray();
        return [Out(c, shape, x.ElementType, x.Rank <= 1 ? x.Ints : null, x.Rank <= 1 ? x.Floats : null)];
    }

    private static OnnxValue[] Squeeze(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var axes = c.IntsFromAttributeOrInput("axes", 1, "axes");
        var drop = axes is null
            ? Enumerable.Range(0, x.Rank).Where(i => x.Shape[i] == 1).ToHashSet()
            : axes.Select(a => c.Axis(a, x.Rank)).ToHashSet();
        foreach (var a in drop)
            if (x.Shape[a] != 1) throw c.Error($"cannot squeeze axis {a} of size {x.Shape[a]} in {x.ShapeText}");
        var shape = Enumerable.Range(0, x.Rank).Where(i => !drop.Contains(i)).Select(i => x.Shape[i]).ToArray();
        return [Out(c, shape, x.ElementType, x.Ints, x.Floats)];
    }

    private static OnnxValue[] Unsqueeze(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var axes = c.IntsFromAttributeOrInput("axes", 1, "axes") ?? throw c.Error("has no axes (attribute or input)");
        var rank = x.Rank + axes.Length;
        var inserted = axes.Select(a => c.Axis(a, rank)).ToHashSet();
        var shape = new long[rank];
        var next = 0;
        for (var i = 0; i < rank; i++) shape[i] = inserted.Contains(i) ? 1 : x.Shape[next++];
        return [Out(c, shape, x.ElementType, x.Ints, x.Floats)];
    }

    private static OnnxValue[] Pad(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var pads = c.IntsFromAttributeOrInput("pads", 1, "pads") ?? throw c.Error("has no pads (attribute or input)");
        var axes = c.Optional(3) is null ? Enumerable.Range(0, x.Rank).ToArray()
            : c.ConstantInts(3, "axes").Select(a => c.Axis(a, x.Rank)).ToArray();
        if (pads.Length != 2 * axes.Length) throw c.Error($"pads [{string.Join(", ", pads)}] do not fit {axes.Length} axes");
        var shape = x.Shape.ToArray();
        for (var i = 0; i < axes.Length; i++) shape[axes[i]] += pads[i] + pads[i + axes.Length];
        return [Out(c, shape, x.ElementType)];
    }

    private static OnnxValue[] Resize(OnnxNodeContext c)
    {
        var x = c.Input(0);
        long[] shape;
        // Resize-10 and Upsample-9: (X, scales); Resize-11+: (X, roi, scales, sizes); Upsample-7: scales attribute.
        var scalesInput = c.OpType == "Upsample" || c.InputCount == 2 ? 1 : 2;
        if (c.OpType == "Resize" && c.Optional(3) is { Elements: > 0 })
        {
            var sizes = c.ConstantInts(3, "sizes");
            var axes = c.Ints("axes")?.Select(a => c.Axis(a, x.Rank)).ToArray() ?? Enumerable.Range(0, x.Rank).ToArray();
            if (sizes.Length != axes.Length) throw c.Error($"sizes [{string.Join(", ", sizes)}] do not fit the axes");
            shape = x.Shape.ToArray();
            for (var i = 0; i < axes.Length; i++) shape[axes[i]] = sizes[i];
        }
        else
        {
            var scales = c.Floats("scales")?.Select(f => (double)f).ToArray()
                         ?? (c.Optional(scalesInput) is { Elements: > 0 } ? c.ConstantDoubles(scalesInput, "scales") : null)
                         ?? throw c.Error("has neither sizes nor scales");
            var axes = c.Ints("axes")?.Select(a => c.Axis(a, x.Rank)).ToArray() ?? Enumerable.Range(0, x.Rank).ToArray();
            if (scales.Length != axes.Length) throw c.Error($"scales [{string.Join(", ", scales)}] do not fit the axes");
            shape = x.Shape.ToArray();
            for (var i = 0; i < axes.Length; i++) shape[axes[i]] = (long)Math.Floor(x.Shape[axes[i]] * scales[i] + 1e-9);
        }
        return [Out(c, shape, x.ElementType)];
    }

    private static OnnxValue[] Slice(OnnxNodeContext c)
    {
        var x = c.Input(0);
        long[] starts, ends;
        long[]? axes, steps;
        if (c.Ints("starts") is { } s)
        {
            starts = s;
            ends = c.Ints("ends") ?? throw c.Error("attribute 'ends' is missing");
            axes = c.Ints("axes");
            steps = null;
        }
        else
        {
            starts = c.ConstantInts(1, "starts");
            ends = c.ConstantInts(2, "ends");
            axes = c.Optional(3) is null ? null : c.ConstantInts(3, "axes");
            steps = c.Optional(4) is null ? null : c.ConstantInts(4, "steps");
        }
        axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        steps ??= Enumerable.Repeat(1L, starts.Length).ToArray();
        var shape = x.Shape.ToArray();
        var ranges = Enumerable.Range(0, x.Rank).Select(i => (Start: 0L, Step: 1L, Count: x.Shape[i])).ToArray();
        for (var i = 0; i < starts.Length; i++)
        {
            var axis = c.Axis(axes[i], x.Rank);
            var dim = x.Shape[axis];
            var step = steps[i];
            if (step == 0) throw c.Error("a slice step is 0");
            var start = Clamp(starts[i] < 0 ? starts[i] + dim : starts[i], step > 0 ? 0 : -1, step > 0 ? dim : dim - 1);
            var end = Clamp(ends[i] < 0 ? ends[i] + dim : ends[i], step > 0 ? 0 : -1, step > 0 ? dim : dim - 1);
            var count = step > 0 ? Math.Max(0, CeilDiv(end - start, step)) : Math.Max(0, CeilDiv(start - end, -step));
            shape[axis] = count;
            ranges[axis] = (start, step, count);
        }
        long[]? ints = null;
        if (x.Rank == 1 && x.Ints is not null)
            ints = Enumerable.Range(0, (int)ranges[0].Count).Select(i => x.Ints[ranges[0].Start + i * ranges[0].Step]).ToArray();
        return [Out(c, shape, x.ElementType, ints)];
    }

    private static long Clamp(long value, long min, long max) => Math.Min(Math.Max(value, min), max);

    private static OnnxValue[] Split(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var axis = c.Axis(c.Int("axis", 0), x.Rank);
        var parts = c.OutputCount;
        var sizes = c.IntsFromAttributeOrInput("split", 1, "split sizes");
        if (sizes is null)
        {
            var each = CeilDiv(x.Shape[axis], parts);
            sizes = Enumerable.Range(0, parts).Select(i => Math.Min(each, x.Shape[axis] - i * each)).ToArray();
        }
        if (sizes.Length != parts || sizes.Sum() != x.Shape[axis])
            throw c.Error($"split sizes [{string.Join(", ", sizes)}] do not divide axis {axis} of {x.ShapeText} into {parts} outputs");
        return sizes.Select(size =>
        {
            var shape = x.Shape.ToArray();
            shape[axis] = size;
            return Out(c, shape, x.ElementType);
        }).ToArray();
    }

    private static OnnxValue[] Gather(OnnxNodeContext c)
    {
        var data = c.Input(0);
        var indices = c.Input(1);
        var axis = c.Axis(c.Int("axis", 0), data.Rank);
        long[] shape = [.. data.Shape[..axis], .. indices.Shape, .. data.Shape[(axis + 1)..]];
        long[]? ints = null;
        if (data.Rank == 1 && data.Ints is not null && indices.IntValues is { } idx)
            ints = idx.Select(i => data.Ints[i < 0 ? i + data.Shape[0] : i]).ToArray();
        return [Out(c, shape, data.ElementType, ints)];
    }

    private static OnnxValue[] Shape(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var start = (int)c.Int("start", 0);
        var end = (int)c.Int("end", x.Rank);
        start = Math.Clamp(start < 0 ? start + x.Rank : start, 0, x.Rank);
        end = Math.Clamp(end < 0 ? end + x.Rank : end, 0, x.Rank);
        var dims = x.Shape[start..Math.Max(start, end)];
        // Static shapes make Shape a constant (ONNX Runtime folds it the same way).
        return [OnnxValue.Constant([dims.Length], OnnxElementTypes.Int64, dims)];
    }

    private static OnnxValue[] Constant(OnnxNodeContext c)
    {
        if (c.Attribute("value") is { } v) return [OnnxTensorValues.ToValue(v.T)];
        if (c.Attribute("value_float") is { } f) return [OnnxValue.Constant([], OnnxElementTypes.Float, [(double)f.F])];
        if (c.Attribute("value_floats") is { } fs)
            return [OnnxValue.Constant([fs.Floats.Count], OnnxElementTypes.Float, fs.Floats.Select(x => (double)x).ToArray())];
        if (c.Attribute("value_int") is { } i) return [OnnxValue.Constant([], OnnxElementTypes.Int64, [i.I])];
        if (c.Attribute("value_ints") is { } list) return [OnnxValue.Constant([list.Ints.Count], OnnxElementTypes.Int64, list.Ints.ToArray())];
        throw c.Error("has no value attribute this featurizer reads (value, value_float(s), value_int(s))");
    }

    private static OnnxValue[] ConstantOfShape(OnnxNodeContext c)
    {
        var shape = c.ConstantInts(0, "shape");
        var fill = c.Attribute("value")?.T is { } t ? OnnxTensorValues.ToValue(t) : null;
        var type = fill?.ElementType ?? OnnxElementTypes.Float;
        long count = 1;
        foreach (var d in shape) count *= d;
        if (count > OnnxValue.MaxTrackedElements) return [new OnnxValue(shape, type, true)];
        return OnnxElementTypes.IsFloating(type)
            ? [OnnxValue.Constant(shape, type, Enumerable.Repeat(fill?.DoubleValues?.FirstOrDefault() ?? 0.0, (int)count).ToArray())]
            : [OnnxValue.Constant(shape, type, Enumerable.Repeat(fill?.IntValues?.FirstOrDefault() ?? 0L, (int)count).ToArray())];
    }

    private static OnnxValue[] Expand(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var target = c.ConstantInts(1, "target shape");
        var shape = BroadcastShape(c, [x, OnnxValue.Activation(target, 0)]);
        return [Out(c, shape, x.ElementType)];
    }

    private static OnnxValue[] Tile(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var repeats = c.ConstantInts(1, "repeats");
        if (repeats.Length != x.Rank) throw c.Error($"repeats [{string.Join(", ", repeats)}] do not fit rank {x.Rank}");
        return [Out(c, x.Shape.Select((d, i) => d * repeats[i]).ToArray(), x.ElementType)];
    }

    private static OnnxValue[] Reduce(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var keep = c.Int("keepdims", 1) != 0;
        var axes = c.IntsFromAttributeOrInput("axes", 1, "axes");
        if (axes is { Length: 0 }) axes = null;
        if (axes is null && c.Int("noop_with_empty_axes", 0) != 0) return [Out(c, x.Shape, x.ElementType)];
        var reduced = (axes ?? Enumerable.Range(0, x.Rank).Select(i => (long)i)).Select(a => c.Axis(a, x.Rank)).ToHashSet();
        var shape = Enumerable.Range(0, x.Rank)
            .Where(i => keep || !reduced.Contains(i))
            .Select(i => reduced.Contains(i) ? 1 : x.Shape[i]).ToArray();
        return [Out(c, shape, x.ElementType)];
    }

    private static OnnxValue[] ArgReduce(OnnxNodeContext c)
    {
        var x = c.Input(0);
        var axis = c.Axis(c.Int("axis", 0), x.Rank);
        var keep = c.Int("keepdims", 1) != 0;
        var shape = Enumerable.Range(0, x.Rank).Where(i => keep || i != axis).Select(i => i == axis ? 1 : x.Shape[i]).ToArray();
        return [Out(c, shape, OnnxElementTypes.Int64)];
    }

    private static OnnxValue SpaceDepth(OnnxNodeContext c, bool toSpace)
    {
        var x = c.Input(0);
        var b = c.Int("blocksize", 0);
        if (x.Rank != 4 || b < 1) throw c.Error($"needs a 4-D input and a blocksize; got {x.ShapeText}, blocksize {b}");
        long[] shape = toSpace
            ? [x.Shape[0], x.Shape[1] / (b * b), x.Shape[2] * b, x.Shape[3] * b]
            : [x.Shape[0], x.Shape[1] * b * b, x.Shape[2] / b, x.Shape[3] / b];
        return Out(c, shape, x.ElementType);
    }
}

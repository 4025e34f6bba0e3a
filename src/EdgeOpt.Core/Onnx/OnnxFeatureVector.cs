namespace EdgeOpt.Core.Onnx;

/// <summary>
/// The fixed-length description of any ONNX model that <see cref="OnnxGraphFeaturizer"/> returns, so that one
/// predictor can take any model. Totals are ln(1 + x); counts are node counts; shares are fractions of all
/// multiply-adds (0 when there are none). Convolution classes: pointwise = 1x1 with one group, depthwise = as many
/// groups as input channels (more than 1), grouped = other group counts &gt; 1; by kernel, the largest side.
/// Fused operators count as what they fuse (com.microsoft.FusedConv as Conv). Quantization ops: nodes that run on
/// or produce 8-bit tensors, plus DequantizeLinear of activations.
/// </summary>
internal static class OnnxFeatureVector
{
    public static IReadOnlyList<string> Names => NameArray;

    public static string[] NameArray { get; } =
    [
        "log_multiply_adds", "log_parameters", "log_activation_bytes", "log_peak_activation_bytes", "log_element_ops",
        "depth", "compute_ops",
        "conv_ops", "conv_pointwise_ops", "conv_depthwise_ops", "conv_grouped_ops",
        "conv_kernel1_ops", "conv_kernel2_ops", "conv_kernel3_ops", "conv_kernel5_ops", "conv_kernel7plus_ops", "conv_kernel_other_ops",
        "conv_strided_ops", "conv_transpose_ops", "fc_ops",
        "share_macs_pointwise", "share_macs_depthwise", "share_macs_spatial_conv", "share_macs_fc",
        "relu_ops", "clip_ops", "sigmoid_ops", "hardswish_ops", "other_activation_ops",
        "add_ops", "mul_ops", "concat_ops", "pool_ops", "global_pool_ops", "normalization_ops", "softmax_ops",
        "reshape_transpose_ops", "resize_ops", "quantization_ops", "cast_ops", "fallback_ops",
        "input_channels", "log_input_pixels", "log_output_elements",
        "share_activation_bytes_half", "share_activation_bytes_8bit",
    ];

    /// <param name="kinds">Per record, the default-domain operator whose rule it followed (FusedConv: Conv).</param>
    public static double[] Compute(
        IReadOnlyList<OnnxOperatorRecord> records, IReadOnlyList<string> kinds, OnnxGraphSummary summary,
        IReadOnlyList<OnnxValue> inputs, IReadOnlyList<OnnxValue> outputs)
    {
        records = records.Select((r, i) => r with { OpType = kinds[i] }).ToArray();
        var quantized = records.Count(r => !r.IsConstant
            && (r.OutputType is "int8" or "uint8" || r.OpType is "DequantizeLinear" or "ConvInteger" or "MatMulInteger"));
        var f = new Dictionary<string, double>();
        f["log_multiply_adds"] = Log(summary.MultiplyAdds);
        f["log_parameters"] = Log(summary.Parameters);
        f["log_activation_bytes"] = Log(summary.ActivationBytes);
        f["log_peak_activation_bytes"] = Log(summary.PeakActivationBytes);
        f["log_element_ops"] = Log(summary.ElementOps);
        f["depth"] = summary.Depth;
        f["compute_ops"] = summary.ComputeOps;

        var live = records.Where(r => !r.IsConstant).ToArray();
        var convs = live.Where(r => r.OpType is "Conv" or "QLinearConv" or "ConvInteger").ToArray();
        bool Depthwise(OnnxOperatorRecord r) => r.Groups > 1 && r.Groups == r.InChannels;
        bool Pointwise(OnnxOperatorRecord r) => r.Groups == 1 && r.Kernel.All(k => k == 1);
        long Side(OnnxOperatorRecord r) => r.Kernel.DefaultIfEmpty(1).Max();
        f["conv_ops"] = convs.Length;
        f["conv_pointwise_ops"] = convs.Count(Pointwise);
        f["conv_depthwise_ops"] = convs.Count(Depthwise);
        f["conv_grouped_ops"] = convs.Count(r => r.Groups > 1 && !Depthwise(r));
        f["conv_kernel1_ops"] = convs.Count(r => Side(r) == 1);
        f["conv_kernel2_ops"] = convs.Count(r => Side(r) == 2);
        f["conv_kernel3_ops"] = convs.Count(r => Side(r) == 3);
        f["conv_kernel5_ops"] = convs.Count(r => Side(r) == 5);
        f["conv_kernel7plus_ops"] = convs.Count(r => Side(r) >= 7);
        f["conv_kernel_other_ops"] = convs.Count(r => Side(r) is 4 or 6);
        f["conv_strided_ops"] = convs.Count(r => r.Strides.Any(s => s > 1));
        f["conv_transpose_ops"] = live.Count(r => r.OpType == "ConvTranspose");
        var fcs = live.Where(r => r.OpType is "Gemm" or "MatMul" or "MatMulInteger" or "QLinearMatMul").ToArray();
        f["fc_ops"] = fcs.Length;

        double total = Math.Max(1, summary.MultiplyAdds);
        f["share_macs_pointwise"] = summary.MultiplyAdds == 0 ? 0 : convs.Where(Pointwise).Sum(r => r.MultiplyAdds) / total;
        f["share_macs_depthwise"] = summary.MultiplyAdds == 0 ? 0 : convs.Where(Depthwise).Sum(r => r.MultiplyAdds) / total;
        f["share_macs_spatial_conv"] = summary.MultiplyAdds == 0 ? 0
            : (convs.Where(r => !Pointwise(r) && !Depthwise(r)).Sum(r => r.MultiplyAdds)
               + live.Where(r => r.OpType == "ConvTranspose").Sum(r => r.MultiplyAdds)) / total;
        f["share_macs_fc"] = summary.MultiplyAdds == 0 ? 0 : fcs.Sum(r => r.MultiplyAdds) / total;

        int Count(params string[] ops) => live.Count(r => ops.Contains(r.OpType));
        f["relu_ops"] = Count("Relu");
        f["clip_ops"] = Count("Clip");
        f["sigmoid_ops"] = Count("Sigmoid", "HardSigmoid");
        f["hardswish_ops"] = Count("HardSwish");
        f["other_activation_ops"] = Count("LeakyRelu", "PRelu", "Tanh", "Elu", "Selu", "Celu", "Gelu", "Erf", "Softplus",
            "Softsign", "Mish", "ThresholdedRelu");
        f["add_ops"] = Count("Add", "Sub", "Sum");
        f["mul_ops"] = Count("Mul", "Div");
        f["concat_ops"] = Count("Concat");
        f["pool_ops"] = Count("MaxPool", "AveragePool", "LpPool");
        f["global_pool_ops"] = Count("GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool");
        f["normalization_ops"] = Count("BatchNormalization", "InstanceNormalization", "LayerNormalization", "LRN",
            "MeanVarianceNormalization");
        f["softmax_ops"] = Count("Softmax", "LogSoftmax");
        f["reshape_transpose_ops"] = Count("Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose");
        f["resize_ops"] = Count("Resize", "Upsample");
        f["quantization_ops"] = quantized;
        f["cast_ops"] = Count("Cast", "CastLike");
        f["fallback_ops"] = live.Count(r => r.UsedFallback);

        var image = inputs.FirstOrDefault(i => i.Rank >= 3) ?? inputs.FirstOrDefault();
        f["input_channels"] = image is { Rank: >= 2 } ? image.Shape[1] : 0;
        f["log_input_pixels"] = image is { Rank: >= 3 } ? Log(image.Shape[2..].Aggregate(1L, (a, b) => a * b)) : 0;
        f["log_output_elements"] = Log(outputs.Sum(o => o.Elements));

        var bytes = Math.Max(1, summary.ActivationBytes);
        f["share_activation_bytes_half"] = summary.ActivationBytes == 0 ? 0
            : live.Where(r => r.OutputType is "float16" or "bfloat16").Sum(r => r.ActivationBytes) / (double)bytes;
        f["share_activation_bytes_8bit"] = summary.ActivationBytes == 0 ? 0
            : live.Where(r => r.OutputType is "int8" or "uint8").Sum(r => r.ActivationBytes) / (double)bytes;

        return Names.Select(n => f[n]).ToArray();
    }

    private static double Log(long value) => Math.Log(1.0 + Math.Max(0, value));
}

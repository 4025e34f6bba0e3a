namespace EdgeOpt.Core.Onnx;

/// <summary>Scale and zero point of an asymmetric uint8 activation.</summary>
internal readonly record struct ActivationQuantization(float Scale, byte ZeroPoint);

/// <summary>Per-output-channel symmetric int8 weights with their scales.</summary>
internal sealed record ChannelQuantizedWeights(sbyte[] Values, float[] Scales);

/// <summary>
/// The arithmetic of the QDQ int8 format as ONNX Runtime's quantizer writes it: uint8 activations with an
/// asymmetric range that always contains 0, int8 weights symmetric per output channel (axis 0), int32 biases
/// with scale = activation scale x weight scale.
/// </summary>
internal static class Quantization
{
    private const float MinRange = 1e-6f;

    public static ActivationQuantization ForActivation(float min, float max)
    {
        if (float.IsNaN(min) || float.IsNaN(max) || float.IsInfinity(min) || float.IsInfinity(max))
            throw new ArgumentException($"activation range [{min}, {max}] is not finite");
        min = Math.Min(min, 0f);
        max = Math.Max(max, 0f);
        if (max - min < MinRange) max = min + MinRange;
        var scale = (max - min) / 255f;
        var zeroPoint = (byte)Math.Clamp(MathF.Round(-min / scale), 0f, 255f);
        return new ActivationQuantization(scale, zeroPoint);
    }

    public static ChannelQuantizedWeights PerChannel(float[] weights, int channels)
    {
        var perChannel = weights.Length / channels;
        var values = new sbyte[weights.Length];
        var scales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var span = weights.AsSpan(c * perChannel, perChannel);
            var maxAbs = 0f;
            foreach (var w in span) maxAbs = Math.Max(maxAbs, Math.Abs(w));
            var scale = maxAbs > 0 ? maxAbs / 127f : 1f;
            scales[c] = scale;
            for (var i = 0; i < perChannel; i++)
                values[c * perChannel + i] = (sbyte)Math.Clamp(MathF.Round(span[i] / scale), -127f, 127f);
        }
        return new ChannelQuantizedWeights(values, scales);
    }

    /// <summary>int32 bias values and their per-channel scales (input scale x weight scale).</summary>
    public static (int[] Values, float[] Scales) Bias(float[] bias, float inputScale, float[] weightScales)
    {
        var values = new int[bias.Length];
        var scales = new float[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            scales[c] = inputScale * weightScales[c];
            values[c] = (int)Math.Clamp(Math.Round(bias[c] / (double)scales[c]), int.MinValue, int.MaxValue);
        }
        return (values, scales);
    }
}

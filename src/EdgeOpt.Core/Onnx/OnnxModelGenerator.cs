using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using Google.Protobuf;
using Onnx;

namespace EdgeOpt.Core.Onnx;

/// <summary>
/// Writes the ONNX model of a design: the architecture's network (<see cref="NetworkDefinitions"/>) with random
/// weights fixed by a seed, batch norms folded, each quantization slot in its policy's precision.
/// Input "input" float32 [batch, 3, H, W] (32x32 for nb201 and fbnet, W x W for convnet); output "logits" float32
/// [batch, classes]; opset 17, IR version 8.
/// </summary>
public static class OnnxModelGenerator
{
    public static byte[] Generate(Design design, OnnxGenerationOptions? options = null) =>
        GenerateModel(design, options).ToByteArray();

    /// <summary>The model as a protobuf message (for inspection); <see cref="Generate"/> serialises it.</summary>
    public static ModelProto GenerateModel(Design design, OnnxGenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(design);
        options ??= OnnxGenerationOptions.Default;
        if (options.BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1");
        if (options.NumClasses is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.NumClasses, "NumClasses must be at least 1");

        var network = NetworkDefinitions.Build(design.Architecture, options.NumClasses);
        var slots = design.Policy.Slots;
        if (slots.Count != network.SlotCount)
            throw new ArgumentException(
                $"the policy has {slots.Count} precision slots; space '{design.SpaceId}' has {network.SlotCount}",
                nameof(design));

        var signal = new SignalEstimate(network);
        var weights = NetworkWeights.Draw(network, signal, options.Seed);
        var ranges = ActivationRanges(network, weights, slots, signal, options);
        return new OnnxGraphEmitter(network, weights, slots, ranges, options.BatchSize).Emit();
    }

    private static IReadOnlyDictionary<string, (float Min, float Max)> ActivationRanges(
        Network network, IReadOnlyDictionary<string, LayerWeights> weights, IReadOnlyList<Precision> slots,
        SignalEstimate signal, OnnxGenerationOptions options)
    {
        var tensors = OnnxGraphEmitter.QuantizedTensors(network, slots);
        if (tensors.Count == 0) return new Dictionary<string, (float, float)>();

        if (options.Calibrator is null)
            return tensors.ToDictionary(t => t.Name, t => AnalyticActivationRanges.For(t, signal));

        // The graph input is no node's output, so a calibrator cannot observe it: the inputs it feeds are standard
        // normal, the same assumption the analytic range makes (convnet quantizes its first convolution's input).
        var ranges = tensors.Where(t => t.Name == network.Input.Name)
            .ToDictionary(t => t.Name, t => AnalyticActivationRanges.For(t, signal));
        var fp32Slots = Enumerable.Repeat(Precision.Fp32, slots.Count).ToArray();
        var fp32 = new OnnxGraphEmitter(network, weights, fp32Slots, new Dictionary<string, (float, float)>(),
            options.BatchSize).Emit().ToByteArray();
        var names = tensors.Select(t => t.Name).Where(n => !ranges.ContainsKey(n)).ToArray();
        var measured = options.Calibrator.Calibrate(fp32, names, options.Seed);
        var missing = names.Where(n => !measured.ContainsKey(n)).ToArray();
        if (missing.Length > 0)
            throw new InvalidOperationException(
                $"the calibrator returned no range for {missing.Length} tensor(s), e.g. '{missing[0]}'");
        foreach (var name in names) ranges[name] = measured[name];
        return ranges;
    }
}

using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Networks;

/// <summary>
/// The network of a convnet architecture (<see cref="ConvnetConfig"/> gives the shapes; source: the generators in
/// iCAS-Lab/NAS-Performance-Modeling, model_generation/big_conv_model.py, depthwise_sep_model.py and
/// mixed_kernel_conv_model.py): input [3, W, W]; per layer a KxK convolution with bias (depthwise-separable: a
/// depthwise KxK then a pointwise 1x1 convolution, both with bias) and a ReLU; the map flattened into a fully
/// connected layer (<see cref="DefaultNumClasses"/> classes in the dataset). No batch norm.
/// One quantization slot holds every convolution; the classifier has none (fp32).
/// Op counts: <c>conv{k}x{k}</c> for standard convolutions (a pointwise one counts as conv1x1) and
/// <c>dwconv{k}x{k}</c> for depthwise ones.
/// </summary>
public static class ConvnetNetwork
{
    public const string SpaceId = ConvnetSpace.SpaceId;
    public const int SlotCount = 1;

    /// <summary>The classifier width of every model in the dataset.</summary>
    public const int DefaultNumClasses = ConvnetConfig.ClassCount;

    /// <summary>Keys of <see cref="Network.OpCounts"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> OpKinds { get; } =
    [
        .. ConvnetGrid.Kernels.Select(k => $"conv{k}x{k}"),
        .. Enumerable.Range(ConvnetGrid.KernelRange(ConvnetVariant.DepthwiseSeparable).Min,
                ConvnetGrid.KernelRange(ConvnetVariant.DepthwiseSeparable).Max
                - ConvnetGrid.KernelRange(ConvnetVariant.DepthwiseSeparable).Min + 1)
            .Select(k => $"dwconv{k}x{k}"),
    ];

    public static Network Build(Architecture architecture, int numClasses = DefaultNumClasses)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        if (architecture.SpaceId != SpaceId)
            throw new ArgumentException(
                $"architecture of space '{architecture.SpaceId}' given to the convnet network; expected '{SpaceId}'",
                nameof(architecture));
        if (!ConvnetGrid.IsMember(architecture.Choices, out var problem))
            throw new ArgumentException($"not a convnet architecture: {problem}", nameof(architecture));
        return Build(ConvnetGrid.ConfigOf(architecture.Choices), architecture, numClasses);
    }

    private static Network Build(ConvnetConfig config, Architecture architecture, int numClasses)
    {
        var b = new NetworkBuilder(ConvnetConfig.InputChannels, config.InputWidth, config.InputWidth);
        var counts = OpKinds.ToDictionary(k => k, _ => 0);
        var x = b.Input;
        b.Slot = 0;
        for (var layer = 0; layer < config.Layers; layer++)
        {
            var name = $"l{layer}";
            var kernel = config.KernelAt(layer);
            var padding = config.PaddingAt(layer);
            if (config.Variant == ConvnetVariant.DepthwiseSeparable)
            {
                x = b.Conv($"{name}_dw", x, x.Channels, kernel, padding: padding, groups: x.Channels);
                x = b.Conv($"{name}_pw", x, config.Filters, kernel: 1, padding: 0);
                counts[$"dwconv{kernel}x{kernel}"]++;
                counts["conv1x1"]++;
            }
            else
            {
                x = b.Conv($"{name}_conv", x, config.Filters, kernel, padding: padding);
                counts[$"conv{kernel}x{kernel}"]++;
            }
            x = b.Relu($"{name}_relu", x);
        }
        b.Slot = null;
        var logits = b.Gemm("logits", x, numClasses);
        return new Network(architecture, SlotCount, b.Input, logits, b.Layers.ToArray(), counts);
    }
}

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// One member of the convnet family by value. The shapes follow the generators of the public Jetson Nano
/// energy dataset iCAS-Lab/NAS-Performance-Modeling (read from model_generation/big_conv_model.py,
/// depthwise_sep_model.py and mixed_kernel_conv_model.py; checked against the parameter and MAC counts
/// the dataset reports in data/*/…csv):
/// input [3, W, W]; <see cref="Layers"/> convolution layers of <see cref="Filters"/> output channels, stride 1,
/// each followed by ReLU; then the [F, S, S] map is flattened into a fully connected layer to 10 classes.
/// <list type="bullet">
/// <item><see cref="ConvnetVariant.Plain"/>: a KxK convolution per layer, padding 1 when K is 1 or 3, else 2.</item>
/// <item><see cref="ConvnetVariant.DepthwiseSeparable"/>: per layer a depthwise KxK convolution (groups = input
/// channels, padding 1 when K is 3, else 2) then a pointwise 1x1 convolution (padding 0), one ReLU after the pair.</item>
/// <item><see cref="ConvnetVariant.MixedKernel"/>: layers alternate <see cref="Kernel"/> and
/// <see cref="SecondKernel"/>, starting with <see cref="Kernel"/>, so ceil(L/2) layers use the first and floor(L/2)
/// the second; the padding is 2 up to the first layer with an odd kernel and 1 from that layer on (the generator
/// never resets it).</item>
/// </list>
/// Every convolution has a bias. A layer's output side is <c>in + 2 * padding - K + 1</c>, so 1x1 layers with
/// padding 1 grow the map by 2 (as the dataset's models do).
/// </summary>
public sealed record ConvnetConfig(
    ConvnetVariant Variant, int Layers, int Filters, int Kernel, int? SecondKernel, int InputWidth)
{
    public const int InputChannels = 3;

    /// <summary>Width of the classifier in every model of the dataset.</summary>
    public const int ClassCount = 10;

    /// <summary>Layers that use <see cref="Kernel"/>: all but the mixed variant's second-kernel layers.</summary>
    public int FirstKernelLayers => Variant == ConvnetVariant.MixedKernel ? (Layers + 1) / 2 : Layers;

    /// <summary>Layers that use <see cref="SecondKernel"/> (mixed variant only, else 0).</summary>
    public int SecondKernelLayers => Variant == ConvnetVariant.MixedKernel ? Layers / 2 : 0;

    /// <summary>Kernel size of layer <paramref name="layer"/> (0-based).</summary>
    public int KernelAt(int layer)
    {
        CheckLayer(layer);
        return Variant == ConvnetVariant.MixedKernel && layer % 2 == 1
            ? SecondKernel ?? throw new InvalidOperationException("a mixed-kernel convnet needs a second kernel")
            : Kernel;
    }

    /// <summary>Zero padding on each side of layer <paramref name="layer"/>'s KxK (or depthwise) convolution.</summary>
    public int PaddingAt(int layer)
    {
        CheckLayer(layer);
        switch (Variant)
        {
            case ConvnetVariant.Plain:
                return Kernel is 1 or 3 ? 1 : 2;
            case ConvnetVariant.DepthwiseSeparable:
                return Kernel == 3 ? 1 : 2;
            default:
                for (var i = 0; i <= layer; i++)
                    if (KernelAt(i) % 2 == 1) return 1;
                return 2;
        }
    }

    /// <summary>Side of the square map after each layer, first layer first (may be &lt; 1 for a non-member).</summary>
    public IReadOnlyList<int> OutputSides()
    {
        var sides = new int[Layers];
        var side = InputWidth;
        for (var i = 0; i < Layers; i++)
        {
            side = side + 2 * PaddingAt(i) - KernelAt(i) + 1;
            sides[i] = side;
        }
        return sides;
    }

    /// <summary>The canonical name, as the dataset writes it (e.g. <c>convnet_L2_F512_K3x3_W70</c>).</summary>
    public override string ToString() => ConvnetParser.Format(this);

    private void CheckLayer(int layer)
    {
        if (layer < 0 || layer >= Layers)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"allowed: 0..{Layers - 1}");
    }
}

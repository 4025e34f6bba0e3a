using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Networks;

/// <summary>
/// The layer-level definition of an architecture's network, in execution order: one input image tensor,
/// layers that each produce one new tensor, one logits tensor. Shapes exclude the batch.
/// </summary>
public sealed class Network
{
    internal Network(
        Architecture architecture, int slotCount, NetworkTensor input, NetworkTensor output,
        IReadOnlyList<NetworkLayer> layers, IReadOnlyDictionary<string, int> opCounts)
    {
        Architecture = architecture;
        SlotCount = slotCount;
        Input = input;
        Output = output;
        Layers = layers;
        OpCounts = opCounts;
    }

    public Architecture Architecture { get; }

    /// <summary>Number of quantization slots (NAS-Bench-201: 3 stages; FBNet: 22 layers; convnet: 1).</summary>
    public int SlotCount { get; }

    public NetworkTensor Input { get; }

    public NetworkTensor Output { get; }

    public IReadOnlyList<NetworkLayer> Layers { get; }

    /// <summary>Search-space operations used, by kind (every kind of the space present, zero when unused).</summary>
    public IReadOnlyDictionary<string, int> OpCounts { get; }

    public long MultiplyAdds => Layers.Sum(l => l.MultiplyAdds);

    public long Parameters => Layers.Sum(l => l.Parameters);

    /// <summary>Sum of every layer's output size for one input, as fp32 bytes.</summary>
    public long ActivationBytes => Layers.Sum(l => l.Output.ElementCount) * sizeof(float);
}

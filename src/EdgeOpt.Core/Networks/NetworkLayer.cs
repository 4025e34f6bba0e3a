namespace EdgeOpt.Core.Networks;

/// <summary>
/// One operation of a <see cref="Network"/>. <see cref="Slot"/> is the quantization slot the layer belongs to,
/// or null for the stem and the classifier head, which always stay fp32.
/// </summary>
public abstract record NetworkLayer(string Name, IReadOnlyList<NetworkTensor> Inputs, NetworkTensor Output, int? Slot)
{
    /// <summary>Multiply-accumulates per batch item (convolutions and fully connected layers only).</summary>
    public virtual long MultiplyAdds => 0;

    /// <summary>Trainable values after batch-norm folding.</summary>
    public virtual long Parameters => 0;
}

/// <summary>2-D convolution; a following batch norm is folded into its bias.</summary>
public sealed record ConvLayer(
    string Name, NetworkTensor Input, NetworkTensor Output, int? Slot,
    int KernelSize, int Stride, int Padding, int Groups, bool HasBias)
    : NetworkLayer(Name, [Input], Output, Slot)
{
    public int InChannels => Input.Channels;

    public int OutChannels => Output.Channels;

    /// <summary>Values in the weight tensor [OutChannels, InChannels / Groups, K, K].</summary>
    public long WeightCount => (long)OutChannels * (InChannels / Groups) * KernelSize * KernelSize;

    public override long MultiplyAdds => Output.ElementCount * (InChannels / Groups) * KernelSize * KernelSize;

    public override long Parameters => WeightCount + (HasBias ? OutChannels : 0);
}

public sealed record ReluLayer(string Name, NetworkTensor Input, NetworkTensor Output, int? Slot)
    : NetworkLayer(Name, [Input], Output, Slot);

/// <summary>Average pooling; padded positions are excluded from the mean unless <paramref name="CountIncludePad"/>.</summary>
public sealed record AvgPoolLayer(
    string Name, NetworkTensor Input, NetworkTensor Output, int? Slot,
    int KernelSize, int Stride, int Padding, bool CountIncludePad)
    : NetworkLayer(Name, [Input], Output, Slot);

/// <summary>Element-wise sum of two or more tensors of one shape.</summary>
public sealed record AddLayer(string Name, IReadOnlyList<NetworkTensor> Terms, NetworkTensor Output, int? Slot)
    : NetworkLayer(Name, Terms, Output, Slot);

/// <summary>A tensor of zeros (a cell node whose incoming edges are all 'none').</summary>
public sealed record ZeroLayer(string Name, NetworkTensor Output, int? Slot)
    : NetworkLayer(Name, [], Output, Slot);

/// <summary>A batch norm that follows no convolution: a per-channel scale and shift after folding.</summary>
public sealed record BatchNormLayer(string Name, NetworkTensor Input, NetworkTensor Output, int? Slot)
    : NetworkLayer(Name, [Input], Output, Slot)
{
    public override long Parameters => 2L * Output.Channels;
}

/// <summary>Channel shuffle of ShuffleNet: [C,H,W] viewed as [G, C/G, H, W], transposed to [C/G, G, H, W].</summary>
public sealed record ChannelShuffleLayer(string Name, NetworkTensor Input, NetworkTensor Output, int? Slot, int Groups)
    : NetworkLayer(Name, [Input], Output, Slot);

/// <summary>Mean over the spatial dimensions: [C,H,W] to [C,1,1].</summary>
public sealed record GlobalAvgPoolLayer(string Name, NetworkTensor Input, NetworkTensor Output, int? Slot)
    : NetworkLayer(Name, [Input], Output, Slot);

/// <summary>Fully connected layer on the flattened input ([C,1,1] after pooling, or a whole [C,H,W] map), with bias: output [Units].</summary>
public sealed record GemmLayer(string Name, NetworkTensor Input, NetworkTensor Output, int? Slot)
    : NetworkLayer(Name, [Input], Output, Slot)
{
    public int InFeatures => (int)Input.ElementCount;

    public int OutFeatures => Output.Channels;

    public override long MultiplyAdds => (long)InFeatures * OutFeatures;

    public override long Parameters => (long)InFeatures * OutFeatures + OutFeatures;
}

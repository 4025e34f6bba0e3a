namespace EdgeOpt.Learning.Latency.CostComponents;

/// <summary>What kind of work an operator does, for the additive cost model.</summary>
public enum CostOpKind
{
    /// <summary>A convolution with a kernel larger than 1x1 and one group.</summary>
    SpatialConv,

    /// <summary>A 1x1 convolution with one group.</summary>
    PointwiseConv,

    /// <summary>A depthwise or grouped convolution.</summary>
    GroupedConv,

    /// <summary>A fully connected layer or matrix product.</summary>
    FullyConnected,

    /// <summary>Any other operator that computes at run time (activations, pools, adds, ...).</summary>
    Other,
}

/// <summary>
/// One operator of a network as the additive cost model sees it, whichever source described it (a search space's
/// layer definition or an ONNX graph). Counts are for one input.
/// </summary>
/// <param name="Kind">The kind of work.</param>
/// <param name="MultiplyAdds">Multiply-accumulates (convolutions and fully connected layers).</param>
/// <param name="ElementOps">Other arithmetic, about one per output element.</param>
/// <param name="Parameters">Weights and biases the operator reads.</param>
/// <param name="OutputBytes">Bytes of the outputs it writes (fp32 or its element type).</param>
/// <param name="OutChannels">Output channels (convolutions) or features (fully connected); 0 otherwise.</param>
public readonly record struct CostOp(
    CostOpKind Kind, long MultiplyAdds, long ElementOps, long Parameters, long OutputBytes, long OutChannels);

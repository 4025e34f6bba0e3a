namespace EdgeOpt.Core.Networks;

/// <summary>
/// Size and cost of a generated network for one input (batch 1), counted from its layer definition.
/// </summary>
/// <param name="MultiplyAdds">Multiply-accumulate operations of convolutions and fully connected layers.</param>
/// <param name="Parameters">Weights and biases after batch-norm folding.</param>
/// <param name="ActivationBytes">Sum of all intermediate output tensor sizes, in fp32 bytes.</param>
/// <param name="OpCounts">Number of layers of each kind (conv1x1, conv3x3, avgpool, skip, zero, ...).</param>
public sealed record GraphStats(
    long MultiplyAdds,
    long Parameters,
    long ActivationBytes,
    IReadOnlyDictionary<string, int> OpCounts);

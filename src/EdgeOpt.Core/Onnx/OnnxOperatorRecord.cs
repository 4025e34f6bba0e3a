namespace EdgeOpt.Core.Onnx;

/// <summary>
/// One node of a featurized ONNX graph, for one input (the batch taken as the model's, dynamic batch as 1).
/// </summary>
/// <param name="Name">The node's name, or "#index OpType -&gt; 'first output'" when it has none.</param>
/// <param name="OpType">The operator, with its domain prefixed when not the default one.</param>
/// <param name="OutputShape">Shape of the first output.</param>
/// <param name="OutputType">Element type of the first output ("float", "float16", "uint8", ...).</param>
/// <param name="Kernel">Spatial kernel of convolutions and pools (empty otherwise).</param>
/// <param name="Strides">Strides of convolutions and pools (empty otherwise).</param>
/// <param name="Groups">Convolution groups (1 otherwise).</param>
/// <param name="InChannels">Input channels (dimension 1) of convolutions, pools and normalizations; input features of
/// fully connected layers; 0 where it does not apply.</param>
/// <param name="OutChannels">Output channels or features, in the same sense.</param>
/// <param name="MultiplyAdds">Multiply-accumulates of convolutions and matrix products (no bias adds).</param>
/// <param name="ElementOps">Other arithmetic, approximately one per output element (pools: per window element).</param>
/// <param name="Parameters">Elements of constant weight tensors the node reads and no earlier node counted:
/// convolution and matrix weights and biases, normalization scale and bias (not running statistics), PReLU slopes,
/// and non-scalar constant operands of Add / Sub / Mul / Div; 0 for a node that folds at load time.</param>
/// <param name="ActivationBytes">Bytes of the outputs it computes at run time: 0 for views (Reshape, Flatten,
/// Squeeze, Unsqueeze, Identity, Dropout) and for nodes computed from constants only (folded at load time).</param>
/// <param name="IsCompute">True for convolutions and matrix products (the nodes counted by depth).</param>
/// <param name="IsConstant">True when every input is constant, so the node folds away at load time.</param>
/// <param name="UsedFallback">True when the elementwise fallback stood in for a missing rule.</param>
public sealed record OnnxOperatorRecord(
    string Name,
    string OpType,
    IReadOnlyList<long> OutputShape,
    string OutputType,
    IReadOnlyList<long> Kernel,
    IReadOnlyList<long> Strides,
    long Groups,
    long InChannels,
    long OutChannels,
    long MultiplyAdds,
    long ElementOps,
    long Parameters,
    long ActivationBytes,
    bool IsCompute,
    bool IsConstant,
    bool UsedFallback);

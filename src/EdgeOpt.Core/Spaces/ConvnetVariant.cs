namespace EdgeOpt.Core.Spaces;

/// <summary>The three generators of the convnet family (iCAS-Lab/NAS-Performance-Modeling, model_generation/).</summary>
public enum ConvnetVariant
{
    /// <summary>L standard KxK convolutions, each followed by ReLU (big_conv_model.py).</summary>
    Plain = 0,

    /// <summary>L depthwise KxK + pointwise 1x1 pairs, each pair followed by ReLU (depthwise_sep_model.py).</summary>
    DepthwiseSeparable = 1,

    /// <summary>L standard convolutions alternating kernels k1, k2, k1, ... (mixed_kernel_conv_model.py).</summary>
    MixedKernel = 2,
}

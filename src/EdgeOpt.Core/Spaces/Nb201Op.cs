namespace EdgeOpt.Core.Spaces;

/// <summary>NAS-Bench-201 cell operations; the numeric value is the option index in <see cref="Nb201Space"/>.</summary>
public enum Nb201Op
{
    /// <summary>"none": the edge outputs zeros.</summary>
    None = 0,
    /// <summary>"skip_connect": identity.</summary>
    SkipConnect = 1,
    /// <summary>"nor_conv_1x1": ReLU, 1x1 convolution, batch norm.</summary>
    NorConv1x1 = 2,
    /// <summary>"nor_conv_3x3": ReLU, 3x3 convolution, batch norm.</summary>
    NorConv3x3 = 3,
    /// <summary>"avg_pool_3x3": 3x3 average pooling, stride 1.</summary>
    AvgPool3x3 = 4,
}

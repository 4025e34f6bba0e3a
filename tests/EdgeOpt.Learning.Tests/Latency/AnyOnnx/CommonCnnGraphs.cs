using EdgeOpt.Core.Tests.Support;
using static EdgeOpt.Core.Tests.Support.OnnxTestGraph;

namespace EdgeOpt.Learning.Tests.Latency.AnyOnnx;

/// <summary>Common CNNs written by hand as an exporter would (not by this project's generator).</summary>
internal static class CommonCnnGraphs
{
    /// <summary>A small ResNet-like network: stem conv + max pool, <paramref name="blocks"/> residual blocks, global pool, Flatten, Gemm.</summary>
    public static byte[] ResNetLike(int width, int blocks, int side = 64)
    {
        var g = new OnnxTestGraph();
        var x = g.Input("input", 1, 3, side, side);
        x = Conv(g, "stem", x, 3, width, 7, stride: 2, pad: 3);
        x = g.Node("Relu", "stem_relu", [x]);
        x = g.Node("MaxPool", "stem_pool", [x], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1));
        for (var b = 0; b < blocks; b++)
        {
            var y = Conv(g, $"b{b}_c1", x, width, width, 3, 1, 1);
            y = g.Node("Relu", $"b{b}_r1", [y]);
            y = Conv(g, $"b{b}_c2", y, width, width, 3, 1, 1);
            x = g.Node("Add", $"b{b}_add", [x, y]);
            x = g.Node("Relu", $"b{b}_r2", [x]);
        }
        x = g.Node("GlobalAveragePool", "gap", [x]);
        x = g.Node("Flatten", "flatten", [x], Int("axis", 1));
        x = g.Node("Gemm", "fc", [x, g.Weight("fc_w", 10, width), g.Weight("fc_b", 10)], Int("transB", 1));
        g.Output(x);
        return g.Build();
    }

    /// <summary>A MobileNet-like network: depthwise-separable blocks, one branch concatenated, global pool, Flatten, Gemm.</summary>
    public static byte[] MobileNetLike(int width, int blocks, int side = 64)
    {
        var g = new OnnxTestGraph();
        var x = g.Input("input", 1, 3, side, side);
        x = Conv(g, "stem", x, 3, width, 3, stride: 2, pad: 1);
        x = g.Node("Relu", "stem_relu", [x]);
        var channels = width;
        for (var b = 0; b < blocks; b++)
        {
            var dw = Conv(g, $"b{b}_dw", x, channels, channels, 3, stride: b % 2 == 1 ? 2 : 1, pad: 1, groups: channels);
            dw = g.Node("Relu", $"b{b}_dw_relu", [dw]);
            var pw = Conv(g, $"b{b}_pw", dw, channels, channels, 1, 1, 0);
            var side2 = Conv(g, $"b{b}_side", dw, channels, channels, 1, 1, 0);
            x = g.Node("Concat", $"b{b}_cat", [pw, side2], Int("axis", 1));
            channels *= 2;
            x = g.Node("Relu", $"b{b}_relu", [x]);
        }
        x = g.Node("GlobalAveragePool", "gap", [x]);
        x = g.Node("Flatten", "flatten", [x], Int("axis", 1));
        x = g.Node("Gemm", "fc", [x, g.Weight("fc_w", 10, channels), g.Weight("fc_b", 10)], Int("transB", 1));
        g.Output(x);
        return g.Build();
    }

    /// <summary>A tiny network with an operator the featurizer has no rule for (a custom domain op).</summary>
    public static byte[] WithCustomOperator()
    {
        var g = new OnnxTestGraph();
        var x = g.Input("input", 1, 3, 32, 32);
        x = Conv(g, "conv", x, 3, 16, 3, 1, 1);
        x = g.CustomNode("com.example", "FancyActivation", "fancy", [x]);
        x = g.Node("GlobalAveragePool", "gap", [x]);
        x = g.Node("Flatten", "flatten", [x], Int("axis", 1));
        x = g.Node("Gemm", "fc", [x, g.Weight("fc_w", 10, 16), g.Weight("fc_b", 10)], Int("transB", 1));
        g.Output(x);
        return g.Build();
    }

    private static string Conv(OnnxTestGraph g, string name, string x, int cin, int cout, int k, int stride, int pad, int groups = 1) =>
        g.Node("Conv", name, [x, g.Weight(name + "_w", cout, cin / groups, k, k), g.Weight(name + "_b", cout)],
            Ints("kernel_shape", k, k), Ints("strides", stride, stride), Ints("pads", pad, pad, pad, pad), Int("group", groups));
}

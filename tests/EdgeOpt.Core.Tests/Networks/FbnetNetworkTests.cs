using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using static EdgeOpt.Core.Tests.Support.Architectures;

namespace EdgeOpt.Core.Tests.Networks;

public class FbnetNetworkTests
{
    [Fact]
    public void Build_LayerOutputs_FollowHwNasBenchCifarChannelsAndStrides()
    {
        var network = FbnetNetwork.Build(FbnetUniform("k3_e3"));

        // Stages of [1, 4, 4, 4, 4, 4, 1] layers, [16, 24, 32, 64, 112, 184, 352] channels, strides [1, 1, 2, 2, 1, 2, 1].
        int[] expectedChannels = [16, 24, 24, 24, 24, 32, 32, 32, 32, 64, 64, 64, 64, 112, 112, 112, 112, 184, 184, 184, 184, 352];
        int[] expectedSize = [32, 32, 32, 32, 32, 16, 16, 16, 16, 8, 8, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 4];
        for (var layer = 0; layer < 22; layer++)
        {
            var last = network.Layers.Last(l => l.Slot == layer).Output;
            Assert.Equal([expectedChannels[layer], expectedSize[layer], expectedSize[layer]], last.Shape);
        }
        var head = network.Layers.OfType<ConvLayer>().Single(c => c.Name == "head_conv");
        Assert.Equal((352, 1504, 1), (head.InChannels, head.OutChannels, head.KernelSize));
        Assert.Equal([100], network.Output.Shape);
    }

    [Fact]
    public void Build_InvertedResidual_ExpandsDepthwiseProjectsAndAddsWhenShapeIsKept()
    {
        var layers = FbnetNetwork.Build(FbnetUniform("k5_e6")).Layers;

        var pw = Assert.IsType<ConvLayer>(layers.Single(l => l.Name == "l3_pw"));
        var dw = Assert.IsType<ConvLayer>(layers.Single(l => l.Name == "l3_dw"));
        var pwl = Assert.IsType<ConvLayer>(layers.Single(l => l.Name == "l3_pwl"));
        Assert.Equal((24, 144, 1), (pw.InChannels, pw.OutChannels, pw.KernelSize));
        Assert.Equal((5, 2, 144, 1), (dw.KernelSize, dw.Padding, dw.Groups, dw.Stride));
        Assert.Equal((144, 24), (pwl.InChannels, pwl.OutChannels));
        var add = Assert.IsType<AddLayer>(layers.Single(l => l.Name == "l3_out"));
        Assert.Contains(pwl.Output, add.Inputs);

        // First layer of a stride-2 stage: no residual, the depthwise conv strides.
        Assert.DoesNotContain(layers, l => l.Name == "l5_out");
        Assert.Equal(2, Assert.IsType<ConvLayer>(layers.Single(l => l.Name == "l5_dw")).Stride);
    }

    [Fact]
    public void Build_GroupedBlock_UsesTwoGroupPointwiseConvsAndShufflesBetween()
    {
        var layers = FbnetNetwork.Build(FbnetUniform("k3_e1_g2")).Layers.Where(l => l.Slot == 7).ToArray();

        Assert.Equal(["l7_pw", "l7_pw_relu", "l7_shuffle", "l7_dw", "l7_dw_relu", "l7_pwl", "l7_out"],
            layers.Select(l => l.Name));
        Assert.Equal(2, ((ConvLayer)layers[0]).Groups);
        Assert.Equal(2, ((ChannelShuffleLayer)layers[2]).Groups);
        Assert.Equal(2, ((ConvLayer)layers[5]).Groups);
    }

    [Fact]
    public void Build_Skip_IsIdentityWhenShapeIsKept_ElseConv1x1WithRelu()
    {
        var network = FbnetNetwork.Build(FbnetUniform("skip"));

        // Shape changes at layers 1 (16->24), 5 (stride 2), 9 (stride 2), 13 (64->112), 17 (stride 2), 21 (184->352).
        var slotsWithLayers = network.Layers.Where(l => l.Slot is not null).Select(l => l.Slot!.Value).Distinct();
        Assert.Equal([1, 5, 9, 13, 17, 21], slotsWithLayers);
        var conv = Assert.IsType<ConvLayer>(network.Layers.Single(l => l.Name == "l5_conv"));
        Assert.Equal((1, 2, 0), (conv.KernelSize, conv.Stride, conv.Padding));
        Assert.IsType<ReluLayer>(network.Layers.Single(l => l.Name == "l5_relu"));
    }

    [Fact]
    public void Build_StemIsConv3x3WithRelu_AndHasNoSlot()
    {
        var layers = FbnetNetwork.Build(FbnetMixed()).Layers;

        var stem = Assert.IsType<ConvLayer>(layers[0]);
        Assert.Equal((3, 16, 3, 1), (stem.InChannels, stem.OutChannels, stem.KernelSize, stem.Stride));
        Assert.IsType<ReluLayer>(layers[1]);
        Assert.Null(stem.Slot);
        Assert.Null(layers[^1].Slot);
    }

    [Fact]
    public void OpCounts_CountBlocksByName()
    {
        var counts = FbnetNetwork.Build(FbnetMixed()).OpCounts;

        Assert.Equal(9, counts.Count);
        Assert.Equal(22, counts.Values.Sum());
        Assert.Equal(6, counts["skip"]);
        Assert.Equal(2, counts["k3_e1_g2"]);
    }

    [Fact]
    public void Build_UnknownBlockIndex_NamesLayerAndAllowedBlocks()
    {
        var choices = new int[22];
        choices[13] = 9;
        var error = Assert.Throws<ArgumentException>(() => FbnetNetwork.Build(new Architecture("fbnet", choices)));
        Assert.Contains("layer 13", error.Message);
        Assert.Contains("k3_e1, k3_e1_g2, k3_e3, k3_e6, k5_e1, k5_e1_g2, k5_e3, k5_e6, skip", error.Message);
    }

    [Fact]
    public void NetworkDefinitions_UnknownSpace_ListsSupportedSpaces()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkDefinitions.Build(new Architecture("darts", [0])));
        Assert.Contains("'darts'", error.Message);
        Assert.Contains("nb201, fbnet", error.Message);
    }
}

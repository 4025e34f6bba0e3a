using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Networks;

public class ConvnetNetworkTests
{
    private readonly ConvnetSpace _space = SearchSpaces.Convnet;

    /// <summary>
    /// Parameter and MAC counts the public dataset reports (torchinfo's total_params and total_mult_adds, which
    /// count bias adds as MACs), read from iCAS-Lab/NAS-Performance-Modeling:
    /// data/conv_layers_1_5/high_mac_model_info5.csv, data/dws/depthwise_sep_models.csv,
    /// data/mixed_kernel_models_L5/mixed_kernel_models_L5.csv, data/mixed_kernel_models_L2/mixed_kernel_models_L2.csv.
    /// </summary>
    [Theory]
    [InlineData("convnet_L2_F512_K3x3_W70", 27_462_154L, 11_658_393_610L)]
    [InlineData("convnet_L3_F1024_K1x1_W70", 61_249_546L, 11_890_479_114L)]
    [InlineData("convnet_L4_F1024_K3x3_W20", 32_439_306L, 11_341_414_410L)]
    [InlineData("convnet_L5_F128_K2x2_W30_DWS", 2_661_145L, 116_472_025L)]
    [InlineData("convnet_L5_F128_K3x3_W40_DWS", 2_119_720L, 116_784_010L)]
    [InlineData("convnet_L5_F128_K4x4_W40_DWS", 2_667_325L, 145_081_325L)]
    [InlineData("convnet_L5_F128_K5x5_W40_DWS", 2_127_960L, 129_968_010L)]
    [InlineData("convnet_L5_F128_K1x1_3_K2x2_2_W80", 10_077_194L, 1_198_533_386L)]
    [InlineData("convnet_L5_F128_K2x2_3_K3x3_2_W50", 4_300_170L, 1_243_574_410L)]
    [InlineData("convnet_L5_F128_K1x1_3_K5x5_2_W40", 3_110_922L, 1_372_545_034L)]
    [InlineData("convnet_L5_F128_K1x1_3_K7x7_2_W30", 2_642_954L, 1_201_632_266L)]
    [InlineData("convnet_L2_F128_K1x1_1_K3x3_1_W80", 8_754_826L, 1_004_404_234L)]
    public void Build_ParametersAndMacs_MatchTheDatasetsReportedCounts(string name, long parameters, long torchinfoMacs)
    {
        var network = ConvnetNetwork.Build(_space.Parse(name));

        Assert.Equal(parameters, network.Parameters);
        // torchinfo adds one MAC per output element for each conv bias and one per classifier bias.
        var biasAdds = network.Layers.OfType<ConvLayer>().Sum(c => c.Output.ElementCount) + network.Output.ElementCount;
        Assert.Equal(torchinfoMacs, network.MultiplyAdds + biasAdds);
    }

    [Fact]
    public void Build_Plain_StacksConvReluPairsThenTheClassifier_AllConvsInSlotZero()
    {
        var network = NetworkDefinitions.Build(_space.Parse("convnet_L3_F64_K4x4_W20"));

        Assert.Equal([3, 20, 20], network.Input.Shape);
        var convs = network.Layers.OfType<ConvLayer>().ToArray();
        Assert.Equal(3, convs.Length);
        Assert.All(convs, c => Assert.Equal((4, 2, 1, 0), (c.KernelSize, c.Padding, c.Stride, c.Slot!.Value)));
        Assert.Equal([21, 22, 23], convs.Select(c => c.Output.Height));
        Assert.Equal(3, network.Layers.OfType<ReluLayer>().Count());
        var fc = Assert.IsType<GemmLayer>(network.Layers[^1]);
        Assert.Null(fc.Slot);
        Assert.Equal(64 * 23 * 23, fc.InFeatures);
        Assert.Equal([10], network.Output.Shape);
        Assert.Equal(1, network.SlotCount);
        Assert.Equal(3, network.OpCounts["conv4x4"]);
        Assert.Equal(0, network.OpCounts["conv3x3"]);
    }

    [Fact]
    public void Build_DepthwiseSeparable_DepthwiseThenPointwiseThenRelu()
    {
        var network = NetworkDefinitions.Build(_space.Parse("convnet_L5_F64_K3x3_W100_DWS"));

        var convs = network.Layers.OfType<ConvLayer>().ToArray();
        Assert.Equal(10, convs.Length);
        Assert.Equal((3, 3, 3, 1), (convs[0].InChannels, convs[0].OutChannels, convs[0].Groups, convs[0].Padding));
        Assert.Equal((3, 64, 1, 1), (convs[1].InChannels, convs[1].OutChannels, convs[1].Groups, convs[1].KernelSize));
        Assert.Equal((64, 64, 64), (convs[2].InChannels, convs[2].OutChannels, convs[2].Groups));
        Assert.IsType<ReluLayer>(network.Layers[2]);
        Assert.Equal(5, network.OpCounts["dwconv3x3"]);
        Assert.Equal(5, network.OpCounts["conv1x1"]);
    }

    [Fact]
    public void Build_Mixed_PaddingTurnsToOneAtTheFirstOddKernelAndStays()
    {
        var network = NetworkDefinitions.Build(_space.Parse("convnet_L5_F128_K2x2_3_K3x3_2_W50"));

        var convs = network.Layers.OfType<ConvLayer>().ToArray();
        Assert.Equal([2, 3, 2, 3, 2], convs.Select(c => c.KernelSize));
        Assert.Equal([2, 1, 1, 1, 1], convs.Select(c => c.Padding));
        Assert.Equal([53, 53, 54, 54, 55], convs.Select(c => c.Output.Height));
    }

    [Fact]
    public void GraphFeaturesOf_UsesTheDatasetsTenClasses()
    {
        var architecture = _space.Parse("convnet_L2_F512_K3x3_W70");

        Assert.Equal(ConvnetNetwork.Build(architecture).MultiplyAdds, GraphFeatures.Of(architecture).MultiplyAdds);
        Assert.Equal(100 * 512 * 70 * 70,
            NetworkDefinitions.Build(architecture, numClasses: 100).Layers.OfType<GemmLayer>().Single().MultiplyAdds);
    }

    [Fact]
    public void Build_NotAMember_NamesTheProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => ConvnetNetwork.Build(new Architecture("convnet", [0, 15, 0, 2, 0, 0])));

        Assert.Contains("layers L16 is not allowed for the plain variant", error.Message);
        Assert.Throws<ArgumentException>(() => ConvnetNetwork.Build(new Architecture("nb201", [0, 0, 0, 0, 0, 0])));
    }
}

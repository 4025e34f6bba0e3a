using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using static EdgeOpt.Core.Tests.Support.Architectures;

namespace EdgeOpt.Core.Tests.Networks;

public class Nb201NetworkTests
{
    [Fact]
    public void Build_MultiplyAddsSpanThePublishedNasBench201Range()
    {
        // NAS-Bench-201 (Dong & Yang, ICLR 2020) reports CIFAR-10 FLOPs (multiply-adds) from 7.78M to 220.11M.
        long min = long.MaxValue, max = 0;
        foreach (var architecture in AllCells())
        {
            var macs = Nb201Network.Build(architecture, numClasses: 10).MultiplyAdds;
            min = Math.Min(min, macs);
            max = Math.Max(max, macs);
        }
        Assert.InRange(min / 1e6, 7.77, 7.79);
        Assert.InRange(max / 1e6, 220.0, 220.2);
    }

    [Fact]
    public void Build_StemStagesAndHead_HaveTheTinyNetworkShapes()
    {
        var network = Nb201Network.Build(Nb201Uniform("nor_conv_3x3"));

        var convs = network.Layers.OfType<ConvLayer>().ToArray();
        Assert.Equal([16, 32, 32], convs.Single(c => c.Name == "stem").Output.Shape);
        Assert.Equal([32, 16, 16], network.Layers.Single(l => l.Name == "s1r_out").Output.Shape);
        Assert.Equal([64, 8, 8], network.Layers.Single(l => l.Name == "s2r_out").Output.Shape);
        Assert.Equal([100], network.Output.Shape);
        Assert.Equal("logits", network.Output.Name);
        // 15 cells x 6 conv edges + 2 x 3 reduction convs + stem.
        Assert.Equal(15 * 6 + 6 + 1, convs.Length);
    }

    [Fact]
    public void Build_ReductionBlock_IsReluConvStride2_ReluConv_PlusPooledConv1x1Shortcut()
    {
        var layers = Nb201Network.Build(Nb201Uniform("skip_connect")).Layers;

        var a = Assert.IsType<ConvLayer>(layers.Single(l => l.Name == "s1r_a_conv"));
        Assert.Equal((3, 2, 1), (a.KernelSize, a.Stride, a.Padding));
        Assert.IsType<ReluLayer>(layers.Single(l => l.Output == a.Input));
        var shortcut = Assert.IsType<ConvLayer>(layers.Single(l => l.Name == "s1r_sc_conv"));
        Assert.Equal((1, false), (shortcut.KernelSize, shortcut.HasBias));
        var pool = Assert.IsType<AvgPoolLayer>(layers.Single(l => l.Output == shortcut.Input));
        Assert.Equal((2, 2, 0), (pool.KernelSize, pool.Stride, pool.Padding));
    }

    [Fact]
    public void Build_ReductionBlocks_BelongToTheStageTheyOpen_StemAndHeadHaveNoSlot()
    {
        var layers = Nb201Network.Build(Nb201Mixed()).Layers;

        Assert.All(layers.Where(l => l.Name.StartsWith("s1r_")), l => Assert.Equal(1, l.Slot));
        Assert.All(layers.Where(l => l.Name.StartsWith("s2r_")), l => Assert.Equal(2, l.Slot));
        Assert.All(layers.Where(l => l.Name.StartsWith("s0c")), l => Assert.Equal(0, l.Slot));
        Assert.All(layers.Where(l => l.Name.StartsWith("stem") || l.Name.StartsWith("head") || l.Name == "logits"),
            l => Assert.Null(l.Slot));
    }

    [Fact]
    public void Build_AllNoneCell_EveryNodeIsAZeroTensorOfTheCellShape()
    {
        var network = Nb201Network.Build(Nb201Uniform("none"));

        var zeros = network.Layers.OfType<ZeroLayer>().ToArray();
        Assert.Equal(15 * 3, zeros.Length);
        Assert.Equal([16, 32, 32], zeros.Single(z => z.Name == "s0c4_n3").Output.Shape);
        Assert.Equal([64, 8, 8], zeros.Single(z => z.Name == "s2c0_n3").Output.Shape);
        Assert.DoesNotContain(network.Layers, l => l.Name.StartsWith("s1c") && l is not ZeroLayer);
    }

    [Fact]
    public void Build_NodeWithOnlyNoneInputs_IsZeroEvenWhenOtherNodesAreNot()
    {
        // node 1 <- none; node 2 <- skip(0) + none(1); node 3 <- conv(1) + skip(2): the conv reads the zero node.
        var network = Nb201Network.Build(Nb201("none", "skip_connect", "none", "none", "nor_conv_1x1", "skip_connect"));

        var zero = Assert.IsType<ZeroLayer>(network.Layers.Single(l => l.Name == "s0c0_n1"));
        var relu = network.Layers.Single(l => l.Name == "s0c0_e31_relu");
        Assert.Same(zero.Output, relu.Inputs[0]);
    }

    [Fact]
    public void Build_AllSkipCells_AddNoLayerOtherThanNodeSums()
    {
        var network = Nb201Network.Build(Nb201Uniform("skip_connect"));

        var cellLayers = network.Layers.Where(l => l.Name.Length > 2 && l.Name[0] == 's' && l.Name[2] == 'c').ToArray();
        Assert.All(cellLayers, l => Assert.IsType<AddLayer>(l));
        Assert.Equal(15 * 2, cellLayers.Length); // nodes 2 and 3 sum, node 1 is node 0
    }

    [Fact]
    public void Build_AvgPoolEdge_Is3x3Stride1Pad1ExcludingPadding()
    {
        var network = Nb201Network.Build(Nb201Uniform("avg_pool_3x3"));

        var pool = network.Layers.OfType<AvgPoolLayer>().First(p => p.Name.StartsWith("s0c0"));
        Assert.Equal((3, 1, 1, false), (pool.KernelSize, pool.Stride, pool.Padding, pool.CountIncludePad));
        Assert.Equal(pool.Inputs[0].Shape, pool.Output.Shape);
    }

    [Fact]
    public void OpCounts_CountEachEdgeOpOverAll15Cells()
    {
        var counts = Nb201Network.Build(Nb201Mixed()).OpCounts;

        Assert.Equal(new Dictionary<string, int>
        {
            ["zero"] = 15, ["skip"] = 30, ["conv1x1"] = 15, ["conv3x3"] = 15, ["avgpool"] = 15,
        }, counts);
    }

    [Fact]
    public void Build_WrongSpace_NamesBothSpaces()
    {
        var error = Assert.Throws<ArgumentException>(() => Nb201Network.Build(new Architecture("fbnet", new int[6])));
        Assert.Contains("'fbnet'", error.Message);
        Assert.Contains("'nb201'", error.Message);
    }

    [Fact]
    public void Build_UnknownOpIndex_NamesEdgeAndAllowedOps()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Nb201Network.Build(new Architecture("nb201", [1, 1, 1, 1, 5, 1])));
        Assert.Contains("edge 4 (3<-1)", error.Message);
        Assert.Contains("none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3", error.Message);
    }

    [Fact]
    public void Build_WrongEdgeCount_SaysHowManyAreNeeded()
    {
        var error = Assert.Throws<ArgumentException>(() => Nb201Network.Build(new Architecture("nb201", [1, 1])));
        Assert.Contains("6 edge choices; got 2", error.Message);
    }

    private static IEnumerable<Architecture> AllCells()
    {
        for (var code = 0; code < 15625; code++)
        {
            var ops = new int[6];
            for (int i = 0, c = code; i < 6; i++, c /= 5) ops[i] = c % 5;
            yield return new Architecture("nb201", ops);
        }
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;

namespace EdgeOpt.Learning.Tests.Accuracy;

public sealed class Nb201CellFeaturesTests
{
    private static double Feature(string cell, string name) =>
        Nb201CellFeatures.Of(SearchSpaces.Nb201.Parse(cell))[IndexOf(name)];

    private static int IndexOf(string name)
    {
        int index = Nb201CellFeatures.Names.ToList().IndexOf(name);
        Assert.True(index >= 0, $"no feature '{name}'");
        return index;
    }

    [Fact]
    public void Of_AllNoneCell_IsDisconnectedAndEveryFeatureIsZero()
    {
        var values = Nb201CellFeatures.Of(SearchSpaces.Nb201.Parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"));

        Assert.Equal(Nb201CellFeatures.Names.Count, values.Length);
        Assert.All(values, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Of_ConvolutionsCutOffFromTheOutput_AreDeadEdgesAndTheCellIsDisconnected()
    {
        // Node 1 and 2 compute convolutions, but no edge into node 3 carries anything.
        const string cell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|none~0|none~1|none~2|";

        Assert.Equal(0, Feature(cell, "cell_output_connected"));
        Assert.Equal(3, Feature(cell, "cell_dead_edges"));
        Assert.Equal(0, Feature(cell, "cell_live_conv3x3_edges"));
    }

    [Fact]
    public void Of_ChainOfThreeConvolutionsBesideASkip_HasDepthThreeAndAParameterFreeShortcut()
    {
        // 1<-0 conv3x3, 2<-1 conv3x3, 3<-2 conv1x1 (the long path) and 3<-0 skip; 2<-0 and 3<-1 none.
        const string cell = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|";

        Assert.Equal(1, Feature(cell, "cell_output_connected"));
        Assert.Equal(2, Feature(cell, "cell_live_paths"));
        Assert.Equal(3, Feature(cell, "cell_max_convs_on_live_path"));
        Assert.Equal(2, Feature(cell, "cell_max_conv3x3_on_live_path"));
        Assert.Equal(0, Feature(cell, "cell_min_convs_on_live_path"));
        Assert.Equal(2, Feature(cell, "cell_live_conv3x3_edges"));
        Assert.Equal(1, Feature(cell, "cell_live_conv1x1_edges"));
        Assert.Equal(1, Feature(cell, "cell_has_skip_only_path"));
        Assert.Equal(1, Feature(cell, "cell_has_conv_free_path"));
        Assert.Equal(0, Feature(cell, "cell_dead_edges"));
    }

    [Fact]
    public void Of_PoolingShortcut_IsConvolutionFreeButNotSkipOnly()
    {
        const string cell = "|nor_conv_3x3~0|+|none~0|none~1|+|avg_pool_3x3~0|nor_conv_3x3~1|none~2|";

        Assert.Equal(1, Feature(cell, "cell_has_conv_free_path"));
        Assert.Equal(0, Feature(cell, "cell_has_skip_only_path"));
        Assert.Equal(1, Feature(cell, "cell_live_pool_edges"));
        Assert.Equal(2, Feature(cell, "cell_max_conv3x3_on_live_path"));
    }

    [Fact]
    public void OutputConnected_AgreesWithAGraphSearchOnEveryCell()
    {
        var space = SearchSpaces.Nb201;
        int connectedIndex = IndexOf("cell_output_connected"), deadIndex = IndexOf("cell_dead_edges");
        int disconnected = 0;
        foreach (var cell in space.Enumerate())
        {
            var ops = space.Operations(cell);
            // Nodes reachable from the input along non-'none' edges, and nodes that reach the output.
            var fromInput = new bool[4];
            fromInput[0] = true;
            var toOutput = new bool[4];
            toOutput[3] = true;
            for (int node = 1; node < 4; node++)
                for (int e = 0; e < 6; e++)
                    if (Nb201Space.Edges[e].To == node && ops[e] != Nb201Op.None && fromInput[Nb201Space.Edges[e].From]) fromInput[node] = true;
            for (int node = 2; node >= 0; node--)
                for (int e = 0; e < 6; e++)
                    if (Nb201Space.Edges[e].From == node && ops[e] != Nb201Op.None && toOutput[Nb201Space.Edges[e].To]) toOutput[node] = true;
            int dead = Enumerable.Range(0, 6).Count(e =>
                ops[e] != Nb201Op.None && !(fromInput[Nb201Space.Edges[e].From] && toOutput[Nb201Space.Edges[e].To] && fromInput[3]));

            var features = Nb201CellFeatures.Of(cell);
            Assert.Equal(fromInput[3] ? 1.0 : 0.0, features[connectedIndex]);
            Assert.Equal(dead, features[deadIndex]);
            if (!fromInput[3]) disconnected++;
        }
        // Sanity of the search itself: some cells are cut off, most are not.
        Assert.InRange(disconnected, 1, 15_624 / 2);
    }
}

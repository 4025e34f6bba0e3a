using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Spaces;

public class Nb201SpaceTests
{
    private const string Example = "|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|";
    private static readonly string AllowedOps = "none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3";

    private readonly Nb201Space _space = new();

    [Fact]
    public void Describe_SixEdgesOfFiveOpsThreeStages()
    {
        Assert.Equal("nb201", _space.Id);
        Assert.Equal(6, _space.DecisionCount);
        Assert.Equal(3, _space.PrecisionSlots);
        Assert.Equal(15_625L, _space.Size);
        for (int d = 0; d < 6; d++)
            Assert.Equal(["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"], _space.OptionsAt(d));
        Assert.Equal([new(1, 0), new(2, 0), new(2, 1), new(3, 0), new(3, 1), new(3, 2)], Nb201Space.Edges);
        Assert.Throws<ArgumentOutOfRangeException>(() => _space.OptionsAt(6));
    }

    [Fact]
    public void Parse_ReadsEdgesInCanonicalOrder()
    {
        var architecture = _space.Parse(Example);

        Assert.Equal("nb201", architecture.SpaceId);
        Assert.Equal([3, 0, 1, 4, 2, 3], architecture.Choices);
        Assert.Equal(
            [Nb201Op.NorConv3x3, Nb201Op.None, Nb201Op.SkipConnect, Nb201Op.AvgPool3x3, Nb201Op.NorConv1x1, Nb201Op.NorConv3x3],
            _space.Operations(architecture));
    }

    [Fact]
    public void FormatThenParse_RoundTripsEveryCell()
    {
        foreach (var architecture in _space.Enumerate())
        {
            var text = _space.Format(architecture);
            Assert.Equal(architecture, _space.Parse(text));
            Assert.Equal(text, _space.Format(_space.Parse(text)));
        }
    }

    [Fact]
    public void Parse_SurroundingWhitespace_IsTolerated()
    {
        Assert.Equal(_space.Parse(Example), _space.Parse(" \t" + Example + "\r\n"));
    }

    [Theory]
    [InlineData("|nor_conv_3x3~0| + |none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|")]
    [InlineData("|nor_conv_3x3~0|+|none~0| skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|")]
    [InlineData("|nor_conv_3x3 ~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|")]
    public void Parse_InnerWhitespace_IsRejected(string text)
    {
        Assert.Throws<FormatException>(() => _space.Parse(text));
    }

    [Fact]
    public void Parse_UnknownOp_NamesOffsetNodeEdgeAndAllowedOps()
    {
        const string text = "  |nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|conv_5x5~1|nor_conv_3x3~2|";

        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("'conv_5x5'", error);
        Assert.Contains($"offset {text.IndexOf("conv_5x5", StringComparison.Ordinal)}", error);
        Assert.Contains("node 3, edge 3<-1", error);
        Assert.Contains(AllowedOps, error);
    }

    [Fact]
    public void Parse_WrongEdgeSourceIndex_NamesOffsetAndTheIndexExpected()
    {
        const string text = "|nor_conv_3x3~0|+|none~0|skip_connect~2|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|";

        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("source index '2'", error);
        Assert.Contains($"offset {text.IndexOf("~2", StringComparison.Ordinal) + 1}", error);
        Assert.Contains("node 2, edge 2<-1", error);
        Assert.Contains("~1", error);
    }

    [Theory]
    [InlineData("|nor_conv_3x3~0|+|skip_connect~1|none~0|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|")]
    [InlineData("|nor_conv_3x3~00|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|")]
    [InlineData("|nor_conv_3x3~x|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|")]
    [InlineData("|nor_conv_3x3~|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|")]
    public void Parse_EdgesOutOfOrderOrNonNumericSource_AreRejected(string text)
    {
        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("wrong edge source index", error);
    }

    [Theory]
    [InlineData("|nor_conv_3x3~0|+|none~0|skip_connect~1|", 2)]
    [InlineData("|nor_conv_3x3~0|", 1)]
    [InlineData("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|+|none~0|", 4)]
    public void Parse_WrongNodeCount_SaysHowManyNodesWereFoundAndExpected(string text, int found)
    {
        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains($"found {found} node(s)", error);
        Assert.Contains("expected 3", error);
        Assert.Contains("|op~0|+|op~0|op~1|+|op~0|op~1|op~2|", error);
    }

    [Fact]
    public void Parse_ExtraNode_NamesTheOffsetOfTheExtraPlus()
    {
        const string text = Example + "+|none~0|";

        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains($"offset {Example.Length}", error);
    }

    [Fact]
    public void Parse_MissingNode_NamesTheNodeAndTheOffsetWhereItShouldBe()
    {
        const string twoNodes = "|nor_conv_3x3~0|+|none~0|skip_connect~1|";

        var error = Assert.Throws<FormatException>(() => _space.Parse(twoNodes + "  ")).Message;

        Assert.Contains($"node 3 is missing at offset {twoNodes.Length}", error);
    }

    [Fact]
    public void Parse_MissingOpeningBar_NamesNodeAndOffset()
    {
        const string text = "|nor_conv_3x3~0|+none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|";

        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("node 2", error);
        Assert.Contains($"offset {text.IndexOf('+') + 1}", error);
        Assert.Contains("must start with '|'", error);
        Assert.Contains("|op~0|op~1|", error);
    }

    [Fact]
    public void Parse_MissingClosingBar_NamesNodeAndOffset()
    {
        const string text = "|nor_conv_3x3~0+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|";

        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("node 1", error);
        Assert.Contains("closing '|'", error);
        Assert.Contains($"offset {text.IndexOf('+')}", error);
    }

    [Fact]
    public void Parse_WrongEdgeCount_NamesNodeAndTheSourcesItNeeds()
    {
        const string text = "|nor_conv_3x3~0|+|none~0|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|";

        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("node 2", error);
        Assert.Contains($"offset {text.IndexOf('+') + 1}", error);
        Assert.Contains("has 1 edge(s), expected 2", error);
        Assert.Contains("from nodes 0, 1", error);
    }

    [Fact]
    public void Parse_EdgeWithoutTilde_ShowsTheEdgeShapeAndAllowedOps()
    {
        const string text = "|nor_conv_3x3|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|";

        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("offset 1", error);
        Assert.Contains("op~0", error);
        Assert.Contains(AllowedOps, error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Empty_ShowsTheExpectedShape(string text)
    {
        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("empty", error);
        Assert.Contains("|op~0|+|op~0|op~1|+|op~0|op~1|op~2|", error);
    }

    [Fact]
    public void TryParse_Invalid_ReturnsTheSameMessageAsParse()
    {
        const string text = "|nor_conv_3x3~0|+|none~0|skip~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|";
        var thrown = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        bool ok = _space.TryParse(text, out var architecture, out var error);

        Assert.False(ok);
        Assert.Null(architecture);
        Assert.Equal(thrown, error);
    }

    [Fact]
    public void TryParse_Valid_ReturnsTheArchitectureAndNoError()
    {
        bool ok = _space.TryParse(Example, out var architecture, out var error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(_space.Parse(Example), architecture);
    }

    [Fact]
    public void Format_ForeignOrMalformedArchitecture_IsRejected()
    {
        Assert.Contains("'fbnet'", Assert.Throws<ArgumentException>(() => _space.Format(new Architecture("fbnet", new int[6]))).Message);
        Assert.Contains("5 choices", Assert.Throws<ArgumentException>(() => _space.Format(new Architecture("nb201", new int[5]))).Message);
        var range = Assert.Throws<ArgumentException>(() => _space.Format(new Architecture("nb201", [0, 0, 5, 0, 0, 0]))).Message;
        Assert.Contains("edge 2<-1", range);
        Assert.Contains("0..4", range);
    }
}

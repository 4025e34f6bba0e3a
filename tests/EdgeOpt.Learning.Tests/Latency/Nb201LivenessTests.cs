using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class Nb201LivenessTests
{
    private static int[] Choices(string cell) => [.. SearchSpaces.Nb201.Parse(cell).Choices];

    [Fact]
    public void EffectiveChoices_EveryEdgeOnALivePath_KeepsTheCell()
    {
        var cell = Choices("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|skip_connect~1|nor_conv_3x3~2|");
        Assert.Equal(cell, Nb201Liveness.EffectiveChoices(cell));
        Assert.False(Nb201Liveness.OutputIsConstant(cell));
    }

    [Fact]
    public void EffectiveChoices_NodeNeverFed_ItsOutgoingEdgesBecomeNone()
    {
        // Node 1 receives only "none", so 2<-1 and 3<-1 compute on zeros.
        var cell = Choices("|none~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_3x3~2|");
        var expected = Choices("|none~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
        Assert.Equal(expected, Nb201Liveness.EffectiveChoices(cell));
    }

    [Fact]
    public void EffectiveChoices_NodeNeverUsed_ItsIncomingEdgesBecomeNone()
    {
        // Node 2 feeds nothing (3<-2 is none), so 2<-0 and 2<-1 are dead.
        var cell = Choices("|skip_connect~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|none~2|");
        var expected = Choices("|skip_connect~0|+|none~0|none~1|+|skip_connect~0|avg_pool_3x3~1|none~2|");
        Assert.Equal(expected, Nb201Liveness.EffectiveChoices(cell));
    }

    [Theory]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|none~2|", true)]
    [InlineData("|none~0|+|none~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_1x1~2|", true)]
    [InlineData("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|", false)]
    public void OutputIsConstant_TrueExactlyWhenNoLivePathJoinsInputAndOutput(string cell, bool constant) =>
        Assert.Equal(constant, Nb201Liveness.OutputIsConstant(Choices(cell)));

    [Fact]
    public void EffectiveChoices_WrongLength_SaysHowManyEdges()
    {
        var error = Assert.Throws<ArgumentException>(() => Nb201Liveness.EffectiveChoices([1, 2, 3]));
        Assert.Contains("6 edge choices", error.Message);
    }
}

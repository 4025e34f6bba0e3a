using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation.Ceiling;

namespace EdgeOpt.Learning.Tests.Evaluation.Ceiling;

public sealed class ChoiceOneHotTests
{
    [Fact]
    public void ParameterCount_IsTheInterceptPlusEveryNonBaselineChoice()
    {
        Assert.Equal(1 + 22 * 8, new ChoiceOneHot(SearchSpaces.Fbnet).ParameterCount);
        Assert.Equal(1 + 6 * 4, new ChoiceOneHot(SearchSpaces.Nb201).ParameterCount);
    }

    [Fact]
    public void ActiveColumns_BaselineChoicesAddNothing_OtherChoicesOneColumnPerDecision()
    {
        var design = new ChoiceOneHot(SearchSpaces.Nb201);

        Assert.Equal([0], design.ActiveColumns(new Architecture("nb201", [0, 0, 0, 0, 0, 0])));
        Assert.Equal([0, 1 + 3, 1 + 4 * 5 + 0], design.ActiveColumns(new Architecture("nb201", [4, 0, 0, 0, 0, 1])));
    }

    [Fact]
    public void ActiveColumns_ChoiceOutOfRange_NamesTheDecisionAndTheAllowedRange()
    {
        var design = new ChoiceOneHot(SearchSpaces.Nb201);

        var error = Assert.Throws<ArgumentException>(() => design.ActiveColumns(new Architecture("nb201", [0, 0, 7, 0, 0, 0])));

        Assert.Contains("decision 2", error.Message);
        Assert.Contains("0..4", error.Message);
    }
}

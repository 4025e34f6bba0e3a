using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Spaces;

public class FbnetBlockTests
{
    [Theory]
    [InlineData("k3_e1", 3, 1, 1)]
    [InlineData("k3_e1_g2", 3, 1, 2)]
    [InlineData("k3_e3", 3, 3, 1)]
    [InlineData("k3_e6", 3, 6, 1)]
    [InlineData("k5_e1", 5, 1, 1)]
    [InlineData("k5_e1_g2", 5, 1, 2)]
    [InlineData("k5_e3", 5, 3, 1)]
    [InlineData("k5_e6", 5, 6, 1)]
    public void Parse_ConvolutionBlock_ReadsKernelExpansionGroups(string name, int kernel, int expansion, int groups)
    {
        var block = FbnetBlock.Parse(name);

        Assert.Equal(new FbnetBlock(name, kernel, expansion, groups, false), block);
    }

    [Fact]
    public void Parse_Skip_IsMarkedSkip()
    {
        var block = FbnetBlock.Parse("skip");

        Assert.True(block.IsSkip);
        Assert.Equal(0, block.Kernel);
    }

    [Fact]
    public void All_FollowsTheOptionOrder()
    {
        Assert.Equal(FbnetBlock.Names, FbnetBlock.All.Select(b => b.Name));
        for (int i = 0; i < FbnetBlock.Names.Count; i++) Assert.Equal(i, FbnetBlock.IndexOf(FbnetBlock.Names[i]));
    }

    [Fact]
    public void Parse_UnknownName_ListsTheAllowedNames()
    {
        var error = Assert.Throws<FormatException>(() => FbnetBlock.Parse("k7_e6")).Message;

        Assert.Contains("'k7_e6'", error);
        Assert.Contains("k3_e1, k3_e1_g2, k3_e3, k3_e6, k5_e1, k5_e1_g2, k5_e3, k5_e6, skip", error);
    }
}

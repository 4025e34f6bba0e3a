using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Spaces;

public class SearchSpacesTests
{
    [Theory]
    [InlineData("nb201", typeof(Nb201Space))]
    [InlineData("NB201", typeof(Nb201Space))]
    [InlineData("FBNet", typeof(FbnetSpace))]
    [InlineData(" fbnet ", typeof(FbnetSpace))]
    [InlineData("ConvNet", typeof(ConvnetSpace))]
    public void Get_IsCaseInsensitive(string id, Type expected)
    {
        Assert.IsType(expected, SearchSpaces.Get(id));
    }

    [Fact]
    public void Get_UnknownId_NamesTheAllowedIds()
    {
        var error = Assert.Throws<ArgumentException>(() => SearchSpaces.Get("darts"));

        Assert.Equal("id", error.ParamName);
        Assert.Contains("'darts'", error.Message);
        Assert.Contains("nb201, fbnet, convnet", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nb-201")]
    public void TryGet_UnknownId_ReturnsFalse(string? id)
    {
        Assert.False(SearchSpaces.TryGet(id, out var space));
        Assert.Null(space);
    }

    [Fact]
    public void TryGet_KnownId_ReturnsTheSharedInstance()
    {
        Assert.True(SearchSpaces.TryGet("nb201", out var space));
        Assert.Same(SearchSpaces.Nb201, space);
    }

    [Fact]
    public void All_ListsEachSpaceOnceUnderItsId()
    {
        Assert.Equal(["nb201", "fbnet", "convnet"], SearchSpaces.All.Select(s => s.Id));
        Assert.Equal(["nb201", "fbnet", "convnet"], SearchSpaces.Ids);
        foreach (var space in SearchSpaces.All) Assert.Same(space, SearchSpaces.Get(space.Id));
    }
}

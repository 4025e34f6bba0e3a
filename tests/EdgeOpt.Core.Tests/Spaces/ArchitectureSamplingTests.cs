using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Spaces;

public sealed class ArchitectureSamplingTests
{
    [Theory]
    [InlineData("nb201")]
    [InlineData("fbnet")]
    public void Distinct_SameSeed_SameDistinctArchitectures(string spaceId)
    {
        var space = SearchSpaces.Get(spaceId);

        var first = ArchitectureSampling.Distinct(space, 200, seed: 3);
        var again = ArchitectureSampling.Distinct(space, 200, seed: 3);
        var other = ArchitectureSampling.Distinct(space, 200, seed: 4);

        Assert.Equal(200, first.Distinct().Count());
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Distinct_WholeNb201_IsAPermutationOfTheSpace()
    {
        var all = ArchitectureSampling.Distinct(SearchSpaces.Nb201, 15_625, seed: 0);

        Assert.Equal(15_625, all.Distinct().Count());
    }

    [Fact]
    public void Distinct_MoreThanTheSpaceHolds_NamesTheSize()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ArchitectureSampling.Distinct(SearchSpaces.Nb201, 15_626, 0));

        Assert.Contains("15625", error.Message);
    }

    [Fact]
    public void Distinct_FromCandidates_DrawsOnlyCandidatesAndIgnoresRepeats()
    {
        var space = SearchSpaces.Fbnet;
        var random = new Random(1);
        var pool = Enumerable.Range(0, 30).Select(_ => space.Sample(random)).ToList();
        pool.AddRange(pool.Take(10));

        var drawn = ArchitectureSampling.Distinct(pool, 30, seed: 9);

        Assert.Equal(30, drawn.Distinct().Count());
        Assert.All(drawn, a => Assert.Contains(a, pool));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArchitectureSampling.Distinct(pool, 31, seed: 9));
    }
}

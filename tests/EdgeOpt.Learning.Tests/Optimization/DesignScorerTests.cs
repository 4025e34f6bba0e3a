using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization;

namespace EdgeOpt.Learning.Tests.Optimization;

/// <summary>The scorer's candidate set, which is built once per candidate list and shared by that list's problems.</summary>
public sealed class DesignScorerTests
{
    private static readonly Architecture[] All = SearchSpaces.Nb201.Enumerate().ToArray();

    [Fact]
    public void Allows_TwoProblemsOverOneCandidateList_AllowExactlyTheListEachTime()
    {
        var candidates = All.Where((_, i) => i % 7 == 0).ToArray();
        var first = new DesignScorer(OptimizationFixtures.Problem(5.0) with { Candidates = candidates });
        var second = new DesignScorer(OptimizationFixtures.Problem(9.0) with { Candidates = candidates });

        foreach (var scorer in new[] { first, second })
        {
            Assert.All(candidates, a => Assert.True(scorer.Allows(a)));
            Assert.False(scorer.Allows(All[1]));
            Assert.Equal(candidates.Length, All.Count(scorer.Allows));
        }
    }

    [Fact]
    public void Allows_ListGrownSinceAnEarlierProblem_AllowsTheNewCandidate()
    {
        var candidates = All.Take(50).ToList();
        Assert.False(new DesignScorer(OptimizationFixtures.Problem(5.0) with { Candidates = candidates }).Allows(All[^1]));

        candidates.Add(All[^1]);

        Assert.True(new DesignScorer(OptimizationFixtures.Problem(5.0) with { Candidates = candidates }).Allows(All[^1]));
    }

    [Fact]
    public void Architecture_EqualChoices_AreEqualWithEqualHashes_DifferentChoicesAreNot()
    {
        var a = new Architecture("nb201", [0, 1, 2, 3, 4, 0]);
        var b = new Architecture("nb201", new List<int> { 0, 1, 2, 3, 4, 0 });
        var c = new Architecture("nb201", [0, 1, 2, 3, 4, 1]);
        var d = new Architecture("fbnet", [0, 1, 2, 3, 4, 0]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
    }
}

using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Core.Tests.Statistics;

public class RankingTests
{
    [Fact]
    public void AverageRanks_TiesShareTheMeanOfTheirRanks() =>
        Assert.Equal([1.5, 4, 1.5, 6, 4, 4], Ranking.AverageRanks([10, 20, 10, 30, 20, 20]));

    [Fact]
    public void AverageRanks_DistinctValues_AreOneBasedPositionsInSortedOrder() =>
        Assert.Equal([3, 1, 2], Ranking.AverageRanks([0.3, -5, 0.1]));

    [Fact]
    public void AverageRanks_AllEqual_AllGetTheMiddleRank() =>
        Assert.Equal([2.5, 2.5, 2.5, 2.5], Ranking.AverageRanks([7, 7, 7, 7]));

    [Fact]
    public void AverageRanks_Empty_IsEmpty() => Assert.Empty(Ranking.AverageRanks([]));
}

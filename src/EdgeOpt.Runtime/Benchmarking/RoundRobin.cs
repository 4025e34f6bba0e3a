namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>The order in which a session times its items: every item once per round, round after round.</summary>
public static class RoundRobin
{
    /// <summary>(round, item) pairs: (0,0), (0,1), ..., (0,n-1), (1,0), ..., (R-1,n-1).</summary>
    public static IEnumerable<(int Round, int Item)> Order(int items, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "rounds must be >= 1");
        for (var r = 0; r < rounds; r++)
            for (var i = 0; i < items; i++)
                yield return (r, i);
    }
}

namespace EdgeOpt.Core.Statistics;

/// <summary>Ranks for rank statistics.</summary>
public static class Ranking
{
    /// <summary>
    /// 1-based ranks in input order; tied values share the mean of the ranks they span
    /// (e.g. [10, 20, 10] gives [1.5, 3, 1.5]).
    /// </summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        SampleGuard.Finite(values, nameof(values), minimumCount: 0);
        var n = values.Count;
        var order = new int[n];
        var keys = new double[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = values[i];
        }
        Array.Sort(keys, order);

        var ranks = new double[n];
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            // Positions start..end-1 (0-based) hold ranks start+1..end; their mean is (start + 1 + end) / 2.
            var shared = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++) ranks[order[k]] = shared;
            start = end;
        }
        return ranks;
    }
}

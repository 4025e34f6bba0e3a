namespace EdgeOpt.Core.Statistics;

/// <summary>
/// Correlation of paired samples. Inputs must be the same length (at least two pairs) and finite.
/// When either sample is constant the coefficient is undefined and the methods return <see cref="double.NaN"/>.
/// </summary>
public static class Correlation
{
    /// <summary>Pearson product-moment correlation.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        SampleGuard.Paired(x, y, nameof(x), nameof(y), minimumCount: 2);
        return PearsonOf(x, y);
    }

    /// <summary>Spearman's rho: Pearson's correlation of the average ranks (ties share their mean rank).</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        SampleGuard.Paired(x, y, nameof(x), nameof(y), minimumCount: 2);
        return PearsonOf(Ranking.AverageRanks(x), Ranking.AverageRanks(y));
    }

    /// <summary>
    /// Kendall's tau-b, (concordant - discordant) / sqrt((n0 - n1)(n0 - n2)) with n0 = n(n-1)/2 and n1, n2 the
    /// pairs tied in x and in y. Computed in O(n log n) with Knight's algorithm: sort by (x, y), count pairs
    /// tied in x and jointly tied, then count the discordant pairs as the swaps of a merge sort on y.
    /// </summary>
    public static double KendallTauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        SampleGuard.Paired(x, y, nameof(x), nameof(y), minimumCount: 2);
        var n = x.Count;
        var pairs = new (double X, double Y)[n];
        for (var i = 0; i < n; i++) pairs[i] = (x[i], y[i]);
        Array.Sort(pairs, static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));

        long tiedX = 0, tiedJoint = 0;
        long runX = 1, runJoint = 1;
        for (var i = 1; i < n; i++)
        {
            if (pairs[i].X == pairs[i - 1].X)
            {
                runX++;
                runJoint = pairs[i].Y == pairs[i - 1].Y ? runJoint + 1 : Close(ref tiedJoint, runJoint);
            }
            else
            {
                runX = Close(ref tiedX, runX);
                runJoint = Close(ref tiedJoint, runJoint);
            }
        }
        Close(ref tiedX, runX);
        Close(ref tiedJoint, runJoint);

        var ys = new double[n];
        for (var i = 0; i < n; i++) ys[i] = pairs[i].Y;
        var discordant = MergeSortCountingSwaps(ys, new double[n], 0, n);

        long tiedY = 0, runY = 1;
        for (var i = 1; i < n; i++) runY = ys[i] == ys[i - 1] ? runY + 1 : Close(ref tiedY, runY);
        Close(ref tiedY, runY);

        var total = (long)n * (n - 1) / 2;
        var numerator = (double)(total - tiedX - tiedY + tiedJoint - 2 * discordant);
        var denominator = Math.Sqrt((double)(total - tiedX) * (total - tiedY));
        return denominator == 0 ? double.NaN : numerator / denominator;
    }

    /// <summary>Adds the pairs within a finished run of ties to the count; returns 1 to start the next run.</summary>
    private static long Close(ref long tiedPairs, long run)
    {
        tiedPairs += run * (run - 1) / 2;
        return 1;
    }

    /// <summary>Sorts values[lo..hi) ascending (stable) and returns the number of strictly inverted pairs.</summary>
    private static long MergeSortCountingSwaps(double[] values, double[] buffer, int lo, int hi)
    {
        if (hi - lo < 2) return 0;
        var mid = lo + (hi - lo) / 2;
        var swaps = MergeSortCountingSwaps(values, buffer, lo, mid) + MergeSortCountingSwaps(values, buffer, mid, hi);
        if (values[mid - 1] <= values[mid]) return swaps;

        int left = lo, right = mid, k = lo;
        while (left < mid && right < hi)
        {
            if (values[left] <= values[right])
            {
                buffer[k++] = values[left++];
            }
            else
            {
                // Every value still waiting on the left is strictly greater than values[right].
                swaps += mid - left;
                buffer[k++] = values[right++];
            }
        }
        while (left < mid) buffer[k++] = values[left++];
        while (right < hi) buffer[k++] = values[right++];
        Array.Copy(buffer, lo, values, lo, hi - lo);
        return swaps;
    }

    internal static double PearsonOf(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var mx = Descriptive.MeanOf(x);
        var my = Descriptive.MeanOf(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return double.NaN;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }
}

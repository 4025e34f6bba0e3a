namespace EdgeOpt.Learning.Latency.CostComponents;

/// <summary>
/// Greedy farthest-point (max-min distance) selection in a standardized descriptor space: the first pick is the
/// point farthest from the centre, each next one the point farthest from everything chosen or already observed.
/// Covers the extremes first (what an additive fit needs), then fills in (what the correction needs).
/// Deterministic: ties go to the lower index.
/// </summary>
internal static class SpaceFillingDesign
{
    /// <param name="points">Descriptors of the candidates.</param>
    /// <param name="observed">Descriptors of points measured already (they repel the picks).</param>
    /// <param name="count">How many candidates to pick (fewer when fewer are left).</param>
    /// <returns>Indices into <paramref name="points"/>, in the order picked.</returns>
    public static int[] Select(IReadOnlyList<double[]> points, IReadOnlyList<double[]> observed, int count)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(observed);
        var n = points.Count;
        count = Math.Min(count, n);
        if (count <= 0) return [];
        var nearest = new double[n];
        if (observed.Count == 0)
        {
            var dims = points[0].Length;
            var centre = new double[dims];
            foreach (var p in points) for (var d = 0; d < dims; d++) centre[d] += p[d] / n;
            // Start from the centre's farthest point: seed the distances with the distance to the centre.
            for (var i = 0; i < n; i++) nearest[i] = Distance(points[i], centre);
        }
        else
        {
            for (var i = 0; i < n; i++) nearest[i] = observed.Min(o => Distance(points[i], o));
        }
        var picks = new List<int>(count);
        var taken = new bool[n];
        while (picks.Count < count)
        {
            var best = -1;
            for (var i = 0; i < n; i++)
                if (!taken[i] && (best < 0 || nearest[i] > nearest[best])) best = i;
            if (best < 0) break;
            taken[best] = true;
            picks.Add(best);
            for (var i = 0; i < n; i++)
                if (!taken[i]) nearest[i] = Math.Min(nearest[i], Distance(points[i], points[best]));
        }
        return picks.ToArray();
    }

    private static double Distance(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }
}

namespace EdgeOpt.Learning.Latency.Design;

/// <summary>
/// Sequential experimental design for a Gaussian model: repeatedly measure the point whose predicted value is
/// the most uncertain given the points measured so far (greedy D-optimal design; equivalently a pivoted
/// Cholesky factorization of the prior covariance plus measurement noise). The order depends on the prior only,
/// never on measured values, so it can be computed before any measurement. Ties are broken with a seeded random
/// choice, so the result is reproducible.
/// </summary>
internal static class GreedyVarianceDesign
{
    /// <param name="kernel">Prior covariance over all points.</param>
    /// <param name="selectable">Whether point i may be chosen.</param>
    /// <param name="conditioned">Points already measured (conditioned on first, in order; never chosen again).</param>
    /// <param name="count">How many points to choose (fewer when fewer selectable points are left).</param>
    /// <param name="noise">Variance of one measurement (> 0 keeps the factorization stable).</param>
    /// <param name="seed">Seed for breaking ties between equally uncertain points.</param>
    /// <returns>Chosen point indices, in the order chosen.</returns>
    public static int[] Select(
        IDesignKernel kernel, Func<int, bool> selectable, IReadOnlyList<int> conditioned, int count, double noise, int seed)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(selectable);
        ArgumentNullException.ThrowIfNull(conditioned);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(noise > 0) || double.IsInfinity(noise))
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "measurement noise variance must be finite and > 0");
        var n = kernel.Count;
        var residual = new double[n];
        for (var i = 0; i < n; i++) residual[i] = kernel.Self(i);
        var taken = new bool[n];
        var columns = new List<double[]>();
        foreach (var p in conditioned)
        {
            if ((uint)p >= (uint)n) throw new ArgumentOutOfRangeException(nameof(conditioned), p, $"points are 0..{n - 1}");
            if (taken[p]) continue;
            AddPivot(kernel, p, residual, taken, columns, noise);
        }

        var random = new Random(seed);
        var chosen = new List<int>(count);
        var ties = new List<int>();
        while (chosen.Count < count)
        {
            var best = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
                if (!taken[i] && residual[i] > best && selectable(i)) best = residual[i];
            if (double.IsNegativeInfinity(best)) break;
            var tolerance = 1e-9 * Math.Max(Math.Abs(best), 1e-300);
            ties.Clear();
            for (var i = 0; i < n; i++)
                if (!taken[i] && residual[i] >= best - tolerance && selectable(i)) ties.Add(i);
            var pick = ties[ties.Count == 1 ? 0 : random.Next(ties.Count)];
            chosen.Add(pick);
            AddPivot(kernel, pick, residual, taken, columns, noise);
        }
        return chosen.ToArray();
    }

    private static void AddPivot(IDesignKernel kernel, int p, double[] residual, bool[] taken, List<double[]> columns, double noise)
    {
        var n = residual.Length;
        var scale = Math.Sqrt(Math.Max(residual[p], 0) + noise);
        var column = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (taken[i]) continue;
            var value = i == p ? residual[p] : kernel.Between(i, p);
            if (i != p)
                foreach (var previous in columns) value -= previous[i] * previous[p];
            column[i] = value / scale;
        }
        for (var i = 0; i < n; i++)
            if (!taken[i] && i != p) residual[i] = Math.Max(residual[i] - column[i] * column[i], 0);
        residual[p] = 0;
        taken[p] = true;
        column[p] = scale;
        columns.Add(column);
    }
}

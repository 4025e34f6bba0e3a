namespace EdgeOpt.Learning.Latency.CostComponents;

/// <summary>
/// Least squares with every coefficient &gt;= 0 and a small ridge penalty, by cyclic coordinate descent on the
/// normal equations (exact per coordinate; converges for the few columns used here). Deterministic.
/// </summary>
internal static class NonNegativeLeastSquares
{
    /// <summary>argmin ||A θ - b||² + ridge·Σ G_jj θ_j² over θ &gt;= 0; <paramref name="rows"/> are the rows of A.</summary>
    public static double[] Solve(IReadOnlyList<double[]> rows, IReadOnlyList<double> b, double ridge = 1e-6, int sweeps = 5000)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(b);
        if (rows.Count != b.Count) throw new ArgumentException($"{rows.Count} rows but {b.Count} targets", nameof(b));
        if (rows.Count == 0) throw new ArgumentException("at least one row is needed", nameof(rows));
        var p = rows[0].Length;
        var g = new double[p, p];
        var c = new double[p];
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            for (var j = 0; j < p; j++)
            {
                c[j] += r[j] * b[i];
                for (var k = 0; k < p; k++) g[j, k] += r[j] * r[k];
            }
        }
        for (var j = 0; j < p; j++) g[j, j] *= 1 + ridge;
        var theta = new double[p];
        var gradient = (double[])c.Clone(); // c - G θ
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            var change = 0.0;
            for (var j = 0; j < p; j++)
            {
                if (g[j, j] <= 0) continue;
                var updated = Math.Max(0, theta[j] + gradient[j] / g[j, j]);
                var delta = updated - theta[j];
                if (delta == 0) continue;
                theta[j] = updated;
                for (var k = 0; k < p; k++) gradient[k] -= g[k, j] * delta;
                change = Math.Max(change, Math.Abs(delta) * Math.Sqrt(g[j, j]));
            }
            if (change < 1e-12) break;
        }
        return theta;
    }
}

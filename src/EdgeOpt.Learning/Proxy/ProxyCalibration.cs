namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// A fitted monotone map from a proxy's ln(latency) to the new device's, as stored with a decision (plain data).
/// Affine: ln(new) = <see cref="Intercept"/> + <see cref="Slope"/> × ln(proxy). Isotonic: linear interpolation
/// between <see cref="Knots"/> (ln(proxy), ln(new)), strictly increasing, continued beyond the end knots with
/// <see cref="Slope"/>.
/// </summary>
/// <param name="ResidualLogStdDev">Standard deviation of ln(measured) - ln(calibrated) on the fitted points.</param>
/// <param name="Points">Measurements the calibration was fitted on.</param>
public sealed record ProxyCalibration(
    ProxyCalibrationKind Kind, double Intercept, double Slope, IReadOnlyList<double[]> Knots, double ResidualLogStdDev, int Points)
{
    /// <summary>Maps a proxy log-latency to the new device's.</summary>
    public double Apply(double logProxy)
    {
        if (Kind == ProxyCalibrationKind.Affine || Knots.Count == 0) return Intercept + Slope * logProxy;
        var first = Knots[0];
        var last = Knots[^1];
        if (logProxy <= first[0]) return first[1] + Slope * (logProxy - first[0]);
        if (logProxy >= last[0]) return last[1] + Slope * (logProxy - last[0]);
        var lo = 0;
        var hi = Knots.Count - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (Knots[mid][0] <= logProxy) lo = mid; else hi = mid;
        }
        var (x0, y0, x1, y1) = (Knots[lo][0], Knots[lo][1], Knots[hi][0], Knots[hi][1]);
        return x1 == x0 ? y0 : y0 + (y1 - y0) * (logProxy - x0) / (x1 - x0);
    }

    /// <summary>The smallest slope an affine calibration keeps, so that it stays strictly increasing.</summary>
    public const double MinimumSlope = 1e-6;

    /// <summary>Fits the calibration on paired log-latencies (proxy, new device), at least 2.</summary>
    public static ProxyCalibration Fit(ProxyCalibrationKind kind, IReadOnlyList<double> logProxy, IReadOnlyList<double> logNew)
    {
        ArgumentNullException.ThrowIfNull(logProxy);
        ArgumentNullException.ThrowIfNull(logNew);
        if (logProxy.Count != logNew.Count) throw new ArgumentException($"{logProxy.Count} proxy values for {logNew.Count} new-device values", nameof(logNew));
        if (logProxy.Count < 2) throw new ArgumentException($"a calibration needs at least 2 points; {logProxy.Count} given", nameof(logProxy));
        var n = logProxy.Count;
        double mx = logProxy.Average(), my = logNew.Average(), sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (logProxy[i] - mx) * (logNew[i] - my);
            sxx += (logProxy[i] - mx) * (logProxy[i] - mx);
        }
        var slope = sxx > 0 ? Math.Max(sxy / sxx, MinimumSlope) : MinimumSlope;
        var intercept = my - slope * mx;
        var knots = kind == ProxyCalibrationKind.Isotonic ? PoolAdjacentViolators(logProxy, logNew) : [];
        var draft = new ProxyCalibration(kind, intercept, slope, knots, 0, n);
        var squares = 0.0;
        for (var i = 0; i < n; i++)
        {
            var r = logNew[i] - draft.Apply(logProxy[i]);
            squares += r * r;
        }
        var freedom = kind == ProxyCalibrationKind.Affine ? Math.Max(n - 2, 1) : Math.Max(n - knots.Length, 1);
        return draft with { ResidualLogStdDev = Math.Sqrt(squares / freedom) };
    }

    /// <summary>Knots of the least-squares non-decreasing fit (equal proxy values pooled first); block means, strictly increasing.</summary>
    private static double[][] PoolAdjacentViolators(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var blocks = new List<(double SumX, double SumY, int Count)>();
        foreach (var i in Enumerable.Range(0, x.Count).OrderBy(i => x[i]))
        {
            if (blocks.Count > 0 && blocks[^1].SumX / blocks[^1].Count == x[i])
            {
                var last = blocks[^1];
                blocks[^1] = (last.SumX + x[i], last.SumY + y[i], last.Count + 1);
            }
            else blocks.Add((x[i], y[i], 1));
            while (blocks.Count > 1 && blocks[^2].SumY / blocks[^2].Count >= blocks[^1].SumY / blocks[^1].Count)
            {
                var (a, b) = (blocks[^2], blocks[^1]);
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (a.SumX + b.SumX, a.SumY + b.SumY, a.Count + b.Count);
            }
        }
        return blocks.Select(b => new[] { b.SumX / b.Count, b.SumY / b.Count }).ToArray();
    }
}

namespace EdgeOpt.Learning.Evaluation.Ceiling;

/// <summary>
/// How much of a residual sequence its neighbours in that order explain. The drift at i is the mean of the residuals
/// of the <c>window</c> positions before and the <c>window</c> after i (fewer at the ends; i itself excluded). For
/// residuals that carry no order (independent), the drift share's expectation is about −1/(2·window), not 0: the
/// neighbour mean adds its own variance.
/// </summary>
public static class OrderDrift
{
    /// <summary>d_i: the mean of the residuals within <paramref name="window"/> positions of i, i excluded.</summary>
    public static double[] NeighbourMeans(IReadOnlyList<double> residuals, int window)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "window: at least 1 row on each side");
        var n = residuals.Count;
        var prefix = new double[n + 1];
        for (var i = 0; i < n; i++) prefix[i + 1] = prefix[i] + residuals[i];
        var means = new double[n];
        for (var i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - window), hi = Math.Min(n - 1, i + window);
            var count = hi - lo; // the window's rows less i itself
            means[i] = count == 0 ? 0.0 : (prefix[hi + 1] - prefix[lo] - residuals[i]) / count;
        }
        return means;
    }

    /// <summary>1 − Σ(r_i − d_i)² / Σ r_i²; NaN when every residual is 0.</summary>
    public static double Share(IReadOnlyList<double> residuals, IReadOnlyList<double> neighbourMeans)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(neighbourMeans);
        double left = 0, total = 0;
        for (var i = 0; i < residuals.Count; i++)
        {
            var rest = residuals[i] - neighbourMeans[i];
            left += rest * rest;
            total += residuals[i] * residuals[i];
        }
        return total > 0 ? 1 - left / total : double.NaN;
    }

    /// <summary>The drift share of the residuals in the given order.</summary>
    public static double Share(IReadOnlyList<double> residuals, int window) => Share(residuals, NeighbourMeans(residuals, window));

    /// <summary>Lag-1 autocorrelation: Σ (r_i − r̄)(r_{i+1} − r̄) / Σ (r_i − r̄)²; NaN for fewer than 2 values or a constant sequence.</summary>
    public static double Lag1Autocorrelation(IReadOnlyList<double> residuals)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        var n = residuals.Count;
        if (n < 2) return double.NaN;
        var mean = residuals.Average();
        double lagged = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            var centered = residuals[i] - mean;
            total += centered * centered;
            if (i + 1 < n) lagged += centered * (residuals[i + 1] - mean);
        }
        return total > 0 ? lagged / total : double.NaN;
    }
}

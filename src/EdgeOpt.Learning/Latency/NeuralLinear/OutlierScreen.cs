namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// A robust step for a device's few measurements. Latency noise is one-sided: a run can be slowed down by
/// interference or throttling, not sped up, so each measurement may, with a small prior probability, be a spuriously
/// slow run whose log value is the model's plus a half-normal delay. A measurement is set aside when that
/// explanation wins: prior odds × the delay's density (at the gap above the others' prediction) × the evidence of the
/// others (hyperparameters refitted without it) beats the evidence of all of them. A measurement below the model is
/// never set aside: a device that runs some networks much faster than the known devices (a compiler removing dead
/// code) is telling something real. Candidates are the two slowest-looking measurements (largest standardized
/// residual above the current fit); at most <c>maxOutliers</c> are set aside, one at a time. Deterministic.
/// </summary>
internal static class OutlierScreen
{
    /// <summary>How many of the worst-fitting measurements are tested at each step.</summary>
    public const int CandidatesPerStep = 2;

    /// <param name="count">Number of measurements.</param>
    /// <param name="fit">Fits the device's posterior to a subset of the measurements (ascending indices).</param>
    /// <param name="predict">Predictive mean and variance of measurement i's log value under a fitted posterior.</param>
    /// <param name="logs">The measurements' log values.</param>
    /// <param name="outlierProbability">Prior probability that one measurement is a spuriously slow run, in (0, 0.5).</param>
    /// <param name="delayVariance">Variance of the half-normal extra delay (log units).</param>
    /// <param name="maxOutliers">At most this many are set aside.</param>
    /// <returns>The posterior of the measurements kept, and their indices (ascending).</returns>
    public static (PosteriorMixture Posterior, int[] Kept) Screen(
        int count, Func<int[], PosteriorMixture> fit, Func<PosteriorMixture, int, (double Mean, double Variance)> predict,
        IReadOnlyList<double> logs, double outlierProbability, double delayVariance, int maxOutliers)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(predict);
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.Count != count) throw new ArgumentException($"{logs.Count} log values for {count} measurements", nameof(logs));
        if (!(outlierProbability > 0 && outlierProbability < 0.5))
            throw new ArgumentOutOfRangeException(nameof(outlierProbability), outlierProbability, "a probability in (0, 0.5)");
        if (!(delayVariance > 0)) throw new ArgumentOutOfRangeException(nameof(delayVariance), delayVariance, "must be > 0");
        var kept = Enumerable.Range(0, count).ToArray();
        var current = fit(kept);
        var priorLogOdds = Math.Log(outlierProbability) - Math.Log(1 - outlierProbability);
        for (var step = 0; step < maxOutliers && kept.Length > 2; step++)
        {
            var candidates = kept
                .Select(i => (Index: i, Z: StandardizedExcess(predict(current, i), logs[i])))
                .Where(c => c.Z > 0).OrderByDescending(c => c.Z).ThenBy(c => c.Index)
                .Take(CandidatesPerStep).Select(c => c.Index).ToArray();
            (double Gain, int Index, PosteriorMixture Posterior)? best = null;
            foreach (var c in candidates)
            {
                var without = kept.Where(i => i != c).ToArray();
                var reduced = fit(without);
                var delay = logs[c] - predict(reduced, c).Mean;
                if (!(delay > 0)) continue;
                var gain = priorLogOdds + HalfNormalLogDensity(delay, delayVariance) + reduced.BestScore - current.BestScore;
                if (gain > 0 && (best is null || gain > best.Value.Gain)) best = (gain, c, reduced);
            }
            if (best is null) break;
            kept = kept.Where(i => i != best.Value.Index).ToArray();
            current = best.Value.Posterior;
        }
        return (current, kept);
    }

    /// <summary>(value − mean) / spread: how far above the fit a measurement lies.</summary>
    private static double StandardizedExcess((double Mean, double Variance) prediction, double log) =>
        (log - prediction.Mean) / Math.Sqrt(Math.Max(prediction.Variance, 1e-12));

    /// <summary>Log density of a half-normal of the given variance at x ≥ 0.</summary>
    internal static double HalfNormalLogDensity(double x, double variance) =>
        Math.Log(2) - 0.5 * (x * x / variance + Math.Log(2 * Math.PI * variance));
}

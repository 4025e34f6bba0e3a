using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// Estimates the rank agreement of a new device with known devices on the architectures measured on the new one.
/// Every device is bootstrapped with the same resamples (the same seed), so the intervals are comparable and the
/// same inputs always give the same intervals.
/// </summary>
public sealed class MonotonicityEstimator
{
    public MonotonicityEstimator(int resamples = 1000, double confidence = 0.95)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "at least 1 resample");
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "strictly between 0 and 1, e.g. 0.95");
        Resamples = resamples;
        Confidence = confidence;
    }

    public int Resamples { get; }

    public double Confidence { get; }

    /// <summary>
    /// Spearman and Kendall correlations of <paramref name="newDevice"/> with <paramref name="knownDevice"/> (paired
    /// values on the same architectures, at least 2), each with its percentile-bootstrap interval (Kendall's only
    /// when <paramref name="kendallInterval"/>; otherwise its bounds are NaN and no resample is drawn for it).
    /// </summary>
    public MonotonicityEstimate Estimate(
        string device, IReadOnlyList<double> newDevice, IReadOnlyList<double> knownDevice, int seed, bool kendallInterval = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(newDevice);
        ArgumentNullException.ThrowIfNull(knownDevice);
        if (newDevice.Count != knownDevice.Count)
            throw new ArgumentException($"{newDevice.Count} values of the new device paired with {knownDevice.Count} of '{device}'", nameof(knownDevice));
        if (newDevice.Count < 2)
            throw new ArgumentException($"a rank correlation needs at least 2 architectures measured on both; {newDevice.Count} given", nameof(newDevice));
        var spearman = Bootstrap.PercentileInterval(newDevice, knownDevice, Correlation.Spearman, seed, Resamples, Confidence);
        var kendall = kendallInterval
            ? Bootstrap.PercentileInterval(newDevice, knownDevice, Correlation.KendallTauB, seed, Resamples, Confidence)
            : new ConfidenceInterval(Correlation.KendallTauB(newDevice, knownDevice), double.NaN, double.NaN, Confidence, 0, 0);
        return new MonotonicityEstimate(device, newDevice.Count, spearman, kendall);
    }

    /// <summary>Estimates for every known device (columns of <paramref name="known"/>, paired with <paramref name="newDevice"/>).</summary>
    public IReadOnlyList<MonotonicityEstimate> EstimateAll(
        IReadOnlyList<string> devices, IReadOnlyList<double> newDevice, IReadOnlyList<IReadOnlyList<double>> known, int seed,
        bool kendallInterval = true)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(known);
        if (devices.Count != known.Count) throw new ArgumentException($"{devices.Count} device names for {known.Count} columns", nameof(known));
        var estimates = new MonotonicityEstimate[devices.Count];
        Parallel.For(0, devices.Count, d => estimates[d] = Estimate(devices[d], newDevice, known[d], seed, kendallInterval));
        return estimates;
    }
}

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>Why the timed loop ended.</summary>
public enum StopReason
{
    /// <summary>The relative standard error reached the target after MinRuns.</summary>
    Converged,

    /// <summary>MaxRuns timed runs were made.</summary>
    MaxRuns,

    /// <summary>MaxSeconds passed.</summary>
    TimeLimit,
}

/// <summary>
/// Latency of one model, in milliseconds. Median, P90, mean, standard deviation, min, max and RSE describe the
/// timed runs kept after outlier rejection; <see cref="Runs"/> counts all timed runs, kept and rejected.
/// </summary>
public sealed record BenchmarkResult(
    double MedianMs,
    double P90Ms,
    double MeanMs,
    double StandardDeviationMs,
    double MinMs,
    double MaxMs,
    int Runs,
    int RejectedOutliers,
    int WarmupRuns,
    double RelativeStandardError,
    StopReason StopReason,
    TimeSpan Elapsed,
    BenchmarkProvenance Provenance)
{
    public int KeptRuns => Runs - RejectedOutliers;
}

namespace EdgeOpt.Runtime.Benchmarking;

public enum BenchmarkPhase
{
    Warmup,
    Measuring,
    Finished,
}

/// <summary>
/// Where one benchmark stands. Reported at the first run of each phase, then at most every 100 ms, and once
/// at the end; always between runs, never inside the timed region.
/// </summary>
/// <param name="Phase">Warm-up, timed runs or finished.</param>
/// <param name="Completed">Runs done in this phase.</param>
/// <param name="Planned">Most runs this phase will make (WarmupRuns or MaxRuns).</param>
/// <param name="RelativeStandardError">RSE of the kept timed samples at the last check; null before it is computed.</param>
/// <param name="Elapsed">Time since warm-up began.</param>
public sealed record BenchmarkProgress(
    BenchmarkPhase Phase,
    int Completed,
    int Planned,
    double? RelativeStandardError,
    TimeSpan Elapsed);

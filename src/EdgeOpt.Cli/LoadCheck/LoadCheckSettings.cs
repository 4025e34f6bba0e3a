namespace EdgeOpt.Cli.LoadCheck;

/// <summary>
/// What a load check does: <see cref="Agents"/> simulated replay agents reporting for <see cref="Duration"/>, each
/// one call at a time, batches of <see cref="BatchSize"/> (their jobs' measurements first, then ad-hoc ones).
/// </summary>
internal sealed record LoadCheckSettings(
    int Agents,
    TimeSpan Duration,
    int BatchSize,
    int JobConcurrency,
    TimeSpan CallTimeout,
    int Seed)
{
    public const int MaxAgents = 1000;
    public const int MaxSeconds = 600;
    public const int MaxBatch = 1000;

    /// <summary>Every problem, each naming its option; empty when the settings can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Agents is < 1 or > MaxAgents) errors.Add($"--agents: is {Agents}; allowed: 1 to {MaxAgents}");
        if (!(Duration.TotalSeconds >= 1 && Duration.TotalSeconds <= MaxSeconds))
            errors.Add($"--seconds: is {Duration.TotalSeconds}; allowed: 1 to {MaxSeconds}");
        if (BatchSize is < 1 or > MaxBatch) errors.Add($"--batch: is {BatchSize}; allowed: 1 to {MaxBatch}");
        if (JobConcurrency is < 1 or > 64) errors.Add($"--job-concurrency: is {JobConcurrency}; allowed: 1 to 64");
        if (!(CallTimeout.TotalSeconds > 0 && CallTimeout.TotalSeconds <= 600))
            errors.Add($"--timeout: is {CallTimeout.TotalSeconds}; allowed: more than 0 and at most 600 seconds");
        return errors;
    }
}

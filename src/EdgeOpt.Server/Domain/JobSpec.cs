namespace EdgeOpt.Server.Domain;

/// <summary>
/// A job to queue through <see cref="Jobs.IJobScheduler.Enqueue"/>. The design must already be normalized
/// (<see cref="DesignRules.Normalize"/>); settings default to the server's benchmark defaults.
/// </summary>
public sealed record JobSpec(
    DesignRecord Design,
    JobPurpose Purpose,
    BenchmarkSettingsRecord? Settings = null,
    byte[]? OnnxModel = null);

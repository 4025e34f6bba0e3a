namespace EdgeOpt.Server.Domain;

public enum JobState
{
    Queued = 1,
    Leased = 2,
    Done = 3,
    Failed = 4,
}

public enum JobPurpose
{
    Signature = 1,
    Adaptation = 2,
    Verification = 3,
}

/// <summary>A benchmark job for one device.</summary>
public sealed record JobRecord
{
    public string Id { get; init; } = "";

    /// <summary>Queue order (assigned by the store on insert; larger is newer).</summary>
    public long Seq { get; init; }

    public string DeviceId { get; init; } = "";
    public DesignRecord Design { get; init; } = new();
    public JobPurpose Purpose { get; init; }
    public JobState State { get; init; } = JobState.Queued;

    /// <summary>Attempts that ended without a result (lease expired, retryable failure).</summary>
    public int Attempts { get; init; }

    /// <summary>When the current lease runs out; 0 when not leased.</summary>
    public long LeaseExpiresUnixMs { get; init; }

    public BenchmarkSettingsRecord Settings { get; init; } = new();

    /// <summary>An ONNX model to run instead of generating the design; null for generated designs.</summary>
    public byte[]? OnnxModel { get; init; }

    public long CreatedUnixMs { get; init; }
    public long UpdatedUnixMs { get; init; }

    /// <summary>Why the job failed or was last returned to the queue.</summary>
    public string LastError { get; init; } = "";

    /// <summary>The measurement that completed the job; empty until done.</summary>
    public string MeasurementId { get; init; } = "";
}

/// <summary>Benchmark settings handed to the agent with a job.</summary>
public sealed record BenchmarkSettingsRecord
{
    public int WarmupRuns { get; init; }
    public int MinRuns { get; init; }
    public int MaxRuns { get; init; }
    public double TargetRelativeStandardError { get; init; }
    public double MaxSeconds { get; init; }
    public int IntraOpThreads { get; init; }
    public int BatchSize { get; init; }
    public bool MeasureEnergy { get; init; }
}

namespace EdgeOpt.Server.Domain;

/// <summary>Where a stored measurement comes from.</summary>
public enum MeasurementSource
{
    Measured = 1,
    Replayed = 2,
}

/// <summary>One benchmark of one design on one device, as stored.</summary>
public sealed record MeasurementRecord
{
    public string Id { get; init; } = "";

    /// <summary>Arrival order (assigned by the store on insert).</summary>
    public long Seq { get; init; }

    public string DeviceId { get; init; } = "";

    /// <summary>The job it completed; empty for an ad-hoc report.</summary>
    public string JobId { get; init; } = "";

    public DesignRecord Design { get; init; } = new();
    public LatencyRecord Latency { get; init; } = new();
    public EnergyRecord? Energy { get; init; }
    public MeasurementSource Source { get; init; }
    public MeasurementContextRecord Context { get; init; } = new();
    public long MeasuredUnixMs { get; init; }
    public long ReceivedUnixMs { get; init; }
}

public sealed record LatencyRecord
{
    public double MedianMs { get; init; }
    public double P90Ms { get; init; }
    public double MeanMs { get; init; }
    public double StdevMs { get; init; }
    public int Runs { get; init; }
    public int RejectedOutliers { get; init; }
    public double RelativeStandardError { get; init; }
}

public sealed record EnergyRecord
{
    public double TotalMj { get; init; }
    public double DynamicMj { get; init; }
    public double IdlePowerW { get; init; }
    public int Samples { get; init; }
    public string Meter { get; init; } = "";
    public string Rail { get; init; } = "";

    /// <summary>Meter samples behind <see cref="IdlePowerW"/> (0 when the agent did not say).</summary>
    public int IdleSamples { get; init; }

    public double IdleSeconds { get; init; }

    public double ActiveSeconds { get; init; }

    public long Inferences { get; init; }

    /// <summary>CPU seconds the agent itself used during the idle window (0 when the agent did not say).</summary>
    public double IdleProcessCpuSeconds { get; init; }

    /// <summary>Idle windows the agent measured to find a quiet one (0 when the agent did not say).</summary>
    public int IdleAttempts { get; init; }
}

public sealed record MeasurementContextRecord
{
    public string Machine { get; init; } = "";
    public string Runtime { get; init; } = "";
    public string ExecutionProvider { get; init; } = "";
    public int IntraOpThreads { get; init; }
    public int BatchSize { get; init; }
    public string GraphOptimization { get; init; } = "";
}

using EdgeOpt.Contracts.V1;

namespace EdgeOpt.Agent.Jobs;

/// <summary>What running a job gave: a measurement, or a failure reason and whether another try may succeed.</summary>
public sealed record JobOutcome
{
    private JobOutcome(Measurement? measurement, string? failureReason, bool retryable)
    {
        Measurement = measurement;
        FailureReason = failureReason;
        Retryable = retryable;
    }

    public Measurement? Measurement { get; }

    public string? FailureReason { get; }

    public bool Retryable { get; }

    public bool Succeeded => Measurement is not null;

    public static JobOutcome Measured(Measurement measurement) =>
        new(measurement ?? throw new ArgumentNullException(nameof(measurement)), null, false);

    public static JobOutcome Failed(string reason, bool retryable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(null, reason, retryable);
    }
}

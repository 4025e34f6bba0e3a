using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency;

/// <summary>
/// One measurement on a device: an architecture and its measured cost (milliseconds for latency, millijoules
/// for energy; any positive unit works as long as one device uses one unit).
/// </summary>
public sealed record LatencyObservation
{
    public LatencyObservation(Architecture architecture, double value)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(nameof(value), value,
                $"the measured value of {architecture} must be finite and > 0 (models work on its logarithm)");
        Architecture = architecture;
        Value = value;
    }

    public Architecture Architecture { get; }

    public double Value { get; }
}

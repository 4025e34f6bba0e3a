using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Optimization.Costs;

/// <summary>One measurement of a whole design (architecture and precision policy) on a device: ms or mJ, finite and &gt; 0.</summary>
public sealed record DesignObservation
{
    public DesignObservation(Design design, double value)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (!(double.IsFinite(value) && value > 0))
            throw new ArgumentOutOfRangeException(nameof(value), value, "a measured cost is finite and > 0");
        Design = design;
        Value = value;
    }

    public Design Design { get; }

    public double Value { get; }
}

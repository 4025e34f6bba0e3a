using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Optimization.Verification;

/// <summary>
/// Measures a design on the device before an answer is given: in evaluation by reading the design's cell of the
/// test table (<see cref="SessionDesignVerifier"/>), in the server by a benchmark job on the device.
/// </summary>
public interface IDesignVerifier
{
    /// <summary>The design's measured cost, or null when it cannot be measured (no such cell, job failed, no budget left).</summary>
    ValueTask<DesignMeasurement?> MeasureAsync(Design design, CancellationToken cancellationToken);
}

/// <summary>A measured design: latency in ms and, when the device meters it, energy in mJ.</summary>
public sealed record DesignMeasurement
{
    public DesignMeasurement(Design design, double latencyMs, double? energyMj = null)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (!(double.IsFinite(latencyMs) && latencyMs > 0))
            throw new ArgumentOutOfRangeException(nameof(latencyMs), latencyMs, "a measured latency is finite and > 0 ms");
        if (energyMj is { } e && !(double.IsFinite(e) && e > 0))
            throw new ArgumentOutOfRangeException(nameof(energyMj), e, "a measured energy is finite and > 0 mJ, or null");
        Design = design;
        LatencyMs = latencyMs;
        EnergyMj = energyMj;
    }

    public Design Design { get; }

    public double LatencyMs { get; }

    public double? EnergyMj { get; }

    /// <summary>Within the latency budget and, when there is an energy budget, measured within it too.</summary>
    public bool FitsWithin(OptimizationBudgets budgets)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        if (LatencyMs > budgets.LatencyMs) return false;
        return budgets.EnergyMj is not { } limit || (EnergyMj is { } e && e <= limit);
    }
}

/// <summary>What verification did for one answer.</summary>
/// <param name="Measurements">Designs measured for this decision, in order (known measurements reused are not listed).</param>
/// <param name="Verified">The answer's cost was measured within the budgets.</param>
/// <param name="Fallback">The verified design failed and the answer is the best design measured within the budgets instead.</param>
public sealed record VerificationSummary(IReadOnlyList<DesignMeasurement> Measurements, bool Verified, bool Fallback);

namespace EdgeOpt.Learning.Optimization;

/// <summary>
/// What a design may cost on the device: a latency budget in milliseconds and, optionally, an energy budget in
/// millijoules (per inference, in the unit of the energy predictor).
/// </summary>
public sealed record OptimizationBudgets
{
    public OptimizationBudgets(double latencyMs, double? energyMj = null)
    {
        if (!(double.IsFinite(latencyMs) && latencyMs > 0))
            throw new ArgumentOutOfRangeException(nameof(latencyMs), latencyMs, "the latency budget is in milliseconds: finite and > 0");
        if (energyMj is { } e && !(double.IsFinite(e) && e > 0))
            throw new ArgumentOutOfRangeException(nameof(energyMj), e, "the energy budget is in millijoules: finite and > 0, or null for none");
        LatencyMs = latencyMs;
        EnergyMj = energyMj;
    }

    public double LatencyMs { get; }

    /// <summary>Null: no energy budget.</summary>
    public double? EnergyMj { get; }

    public override string ToString() =>
        EnergyMj is { } e ? FormattableString.Invariant($"{LatencyMs:0.###} ms, {e:0.###} mJ") : FormattableString.Invariant($"{LatencyMs:0.###} ms");
}

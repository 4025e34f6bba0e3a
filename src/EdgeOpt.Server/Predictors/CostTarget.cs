namespace EdgeOpt.Server.Predictors;

/// <summary>What a device's predictor predicts: latency (median ms) or energy (total mJ per inference).</summary>
public enum CostTarget
{
    Latency = 0,
    Energy = 1,
}

/// <summary>Names of <see cref="CostTarget"/> as records and the API write them.</summary>
public static class CostTargets
{
    public const string Latency = "latency";
    public const string Energy = "energy";

    public static string Name(this CostTarget target) => target == CostTarget.Energy ? Energy : Latency;

    /// <summary>The device's fp32 observations of the target: median ms, or total mJ for those that carry energy.</summary>
    public static IReadOnlyList<EdgeOpt.Learning.Latency.LatencyObservation> Of(this DeviceObservations observations, CostTarget target) =>
        target == CostTarget.Energy ? observations.EnergyFp32 : observations.Fp32;
}

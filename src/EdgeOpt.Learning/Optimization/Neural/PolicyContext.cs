using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Optimization.Neural;

/// <summary>
/// One question to the neural optimizer: a device (its log latencies at the feature architectures), a budget, the
/// objective weights, the allowed precisions and the device's measured precision cost factors.
/// </summary>
/// <param name="FeatureLogs">ln latency (ms) at each feature architecture.</param>
/// <param name="LogBudget">ln of the (confidence-adjusted) latency budget, ms.</param>
/// <param name="Fp16LogFactor">ln of the whole-network cost factor of fp16 (per-slot log factor x slots; 0 = no gain).</param>
/// <param name="Int8LogFactor">ln of the whole-network cost factor of int8.</param>
public sealed record PolicyContext(
    IReadOnlyList<double> FeatureLogs, double LogBudget, ObjectiveWeights Weights, IReadOnlyList<Precision> Allowed,
    double Fp16LogFactor, double Int8LogFactor)
{
    /// <summary>The network input (see <see cref="PolicyLayout"/>).</summary>
    public float[] Encode(PolicyLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (FeatureLogs.Count != layout.FeatureCount)
            throw new ArgumentException($"{FeatureLogs.Count} device features; the network takes {layout.FeatureCount}");
        var mean = FeatureLogs.Average();
        var spread = Math.Sqrt(FeatureLogs.Sum(v => (v - mean) * (v - mean)) / FeatureLogs.Count);
        spread = Math.Max(spread, 1e-3);
        var x = new float[layout.InputSize];
        for (var i = 0; i < FeatureLogs.Count; i++) x[i] = (float)((FeatureLogs[i] - mean) / spread);
        var k = layout.FeatureCount;
        x[k] = (float)Math.Clamp((LogBudget - mean) / spread, -6, 6);
        x[k + 1] = (float)Math.Log(spread);
        x[k + 2] = (float)Weights.Accuracy;
        x[k + 3] = (float)Weights.LogLatency;
        x[k + 4] = (float)Weights.LogEnergy;
        x[k + 5] = Allowed.Contains(Precision.Fp32) ? 1f : 0f;
        x[k + 6] = Allowed.Contains(Precision.Fp16) ? 1f : 0f;
        x[k + 7] = Allowed.Contains(Precision.Int8) ? 1f : 0f;
        x[k + 8] = (float)Fp16LogFactor;
        x[k + 9] = (float)Int8LogFactor;
        return x;
    }
}

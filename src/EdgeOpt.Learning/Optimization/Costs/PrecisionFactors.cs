using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Optimization.Costs;

/// <summary>
/// How much a slot run at a lower precision multiplies a design's cost on one device, relative to the fp32
/// prediction: cost(design) = cost_fp32(architecture) x Π over slots of factor[precision of the slot] (fp32 = 1).
/// Each non-fp32 precision's per-slot log factor is estimated from the device's own measurements of designs that use
/// it (Bayesian linear regression of ln measured - predicted fp32 log cost on the number of slots at each precision,
/// prior N(0, 1) per log factor). A precision never measured on the device gets factor 1 with no spread: it is
/// assumed to bring no speed-up, and <see cref="Notes"/> says so. Immutable.
/// </summary>
public sealed class PrecisionFactors
{
    private const double PriorVariance = 1.0;
    private const double MinimumNoise = 0.0025; // (5 %)² per measurement
    private static readonly Precision[] Reduced = [Precision.Fp16, Precision.Int8];

    private readonly double[] _logFactor = new double[3];
    private readonly double[,] _covariance = new double[3, 3];
    private readonly int[] _measured = new int[3];

    private PrecisionFactors(IReadOnlyList<string> notes) => Notes = notes;

    /// <summary>No non-fp32 measurement: every factor is 1.</summary>
    public static PrecisionFactors None { get; } = new(
        Reduced.Select(p => $"no {p.ToName()} measurement on this device: its speed-up is taken as 1 (no gain)").ToArray());

    /// <summary>Notes for results: which factors were estimated from how many measurements, which were assumed 1.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The per-slot multiplicative factor of a precision (1 for fp32 and for precisions never measured).</summary>
    public double PerSlotFactor(Precision precision) => Math.Exp(_logFactor[(int)precision]);

    /// <summary>Measurements that informed a precision's factor.</summary>
    public int MeasurementsOf(Precision precision) => _measured[(int)precision];

    /// <summary>Estimates the factors from a device's measurements of designs, against its fp32 predictor.</summary>
    public static PrecisionFactors Estimate(IDeviceLatencyPredictor fp32, IReadOnlyList<DesignObservation> measurements)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(measurements);
        var useful = measurements.Where(m => !IsFp32(m.Design.Policy)).ToArray();
        if (useful.Length == 0) return None;
        var predictions = fp32.Predict(useful.Select(m => m.Design.Architecture).ToArray());
        // Unknowns: log factor of fp16 (index 0) and int8 (index 1); x = slot counts; r = residual log cost.
        var precision = new double[2, 2] { { 1 / PriorVariance, 0 }, { 0, 1 / PriorVariance } };
        var rhs = new double[2];
        var counts = new int[3];
        for (var i = 0; i < useful.Length; i++)
        {
            var x = new double[2];
            foreach (var slot in useful[i].Design.Policy.Slots)
                if (slot != Precision.Fp32) x[slot == Precision.Fp16 ? 0 : 1] += 1;
            for (var k = 0; k < 2; k++) if (x[k] > 0) counts[k == 0 ? 1 : 2]++;
            var noise = Math.Max(predictions[i].LogStdDev * predictions[i].LogStdDev, MinimumNoise);
            var r = Math.Log(useful[i].Value) - predictions[i].LogMean;
            for (var a = 0; a < 2; a++)
            {
                rhs[a] += x[a] * r / noise;
                for (var b = 0; b < 2; b++) precision[a, b] += x[a] * x[b] / noise;
            }
        }
        var det = precision[0, 0] * precision[1, 1] - precision[0, 1] * precision[1, 0];
        var cov = new double[2, 2]
        {
            { precision[1, 1] / det, -precision[0, 1] / det },
            { -precision[1, 0] / det, precision[0, 0] / det },
        };
        var result = new PrecisionFactors(Describe(counts, cov, rhs));
        for (var a = 0; a < 2; a++)
        {
            var p = a == 0 ? 1 : 2;
            result._measured[p] = counts[p];
            if (counts[p] == 0) continue; // never measured: stays 1, no spread
            result._logFactor[p] = cov[a, 0] * rhs[0] + cov[a, 1] * rhs[1];
            for (var b = 0; b < 2; b++)
                if (counts[b == 0 ? 1 : 2] > 0) result._covariance[p, b == 0 ? 1 : 2] = cov[a, b];
        }
        return result;
    }

    /// <summary>A fp32 prediction moved to a policy: log mean plus the slots' log factors, spread widened by their uncertainty.</summary>
    public LatencyPrediction Apply(LatencyPrediction fp32, QuantizationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var n16 = 0;
        var n8 = 0;
        foreach (var slot in policy.Slots)
        {
            if (slot == Precision.Fp16) n16++;
            else if (slot == Precision.Int8) n8++;
        }
        if (n16 == 0 && n8 == 0) return fp32;
        var mean = fp32.LogMean + n16 * _logFactor[1] + n8 * _logFactor[2];
        var variance = fp32.LogStdDev * fp32.LogStdDev
            + n16 * n16 * _covariance[1, 1] + n8 * n8 * _covariance[2, 2] + 2.0 * n16 * n8 * _covariance[1, 2];
        return new LatencyPrediction(mean, Math.Sqrt(Math.Max(variance, 0)));
    }

    private static bool IsFp32(QuantizationPolicy policy) => policy.Slots.All(s => s == Precision.Fp32);

    private static string[] Describe(int[] counts, double[,] cov, double[] rhs)
    {
        var notes = new List<string>();
        for (var a = 0; a < 2; a++)
        {
            var p = a == 0 ? Precision.Fp16 : Precision.Int8;
            if (counts[(int)p] == 0)
            {
                notes.Add($"no {p.ToName()} measurement on this device: its speed-up is taken as 1 (no gain)");
                continue;
            }
            var log = cov[a, 0] * rhs[0] + cov[a, 1] * rhs[1];
            notes.Add(FormattableString.Invariant(
                $"{p.ToName()} per-slot cost factor {Math.Exp(log):0.###} (±{Math.Sqrt(cov[a, a]):0.###} in log) from {counts[(int)p]} measured design(s)"));
        }
        return notes.ToArray();
    }
}

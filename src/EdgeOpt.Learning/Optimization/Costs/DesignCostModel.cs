using System.Collections.Concurrent;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Optimization.Costs;

/// <summary>
/// The predicted cost (latency in ms or energy in mJ) of whole designs on one device: the device's fp32 predictor
/// (log-normal per architecture) moved to each design's precision policy by <see cref="PrecisionFactors"/> estimated
/// from the device's own measurements of quantized designs. fp32 predictions are cached per architecture, so many
/// optimizations on one device (several budgets) predict each architecture once. A device that reports its values on a
/// grid (whole milliseconds, as some phones do) is recognized from its measurements (<see cref="Resolution"/>), and
/// budgets are compared with the continuous cost that rounds to within them (<see cref="EffectiveBudget"/>). Thread-safe.
/// </summary>
public sealed class DesignCostModel
{
    private readonly ConcurrentDictionary<Architecture, LatencyPrediction> _cache = new();
    private readonly Func<IReadOnlyList<LatencyObservation>, IDeviceLatencyPredictor>? _readapt;
    private readonly DesignObservation[] _designMeasurements;
    private readonly Dictionary<Architecture, double> _measuredFp32;

    /// <param name="predictor">The device's fp32 predictor (adapted to its measurements).</param>
    /// <param name="designMeasurements">The device's measurements of non-fp32 designs (fp32 ones belong in the predictor).</param>
    /// <param name="readapt">How to adapt a new fp32 predictor to more measurements (the latency model's Adapt); null = cannot.</param>
    /// <param name="quantity">"latency" (ms) or "energy" (mJ): labels only.</param>
    public DesignCostModel(
        IDeviceLatencyPredictor predictor,
        IReadOnlyList<DesignObservation>? designMeasurements = null,
        Func<IReadOnlyList<LatencyObservation>, IDeviceLatencyPredictor>? readapt = null,
        string quantity = "latency")
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (quantity is not ("latency" or "energy"))
            throw new ArgumentException($"quantity '{quantity}': allowed latency, energy", nameof(quantity));
        Predictor = predictor;
        _designMeasurements = (designMeasurements ?? []).ToArray();
        _readapt = readapt;
        Quantity = quantity;
        Factors = PrecisionFactors.Estimate(predictor, _designMeasurements);
        _measuredFp32 = new Dictionary<Architecture, double>();
        foreach (var o in predictor.Observations) _measuredFp32[o.Architecture] = o.Value;
        Resolution = InferResolution(predictor.Observations.Select(o => o.Value).Concat(_designMeasurements.Select(m => m.Value)).ToArray());
    }

    /// <summary>Grids a device's reported values may sit on, coarsest first (ms or mJ).</summary>
    private static readonly double[] ResolutionGrid = [1.0, 0.5, 0.1];

    /// <summary>Measurements needed before a grid is believed (with fewer, values on a grid may be chance).</summary>
    public const int ResolutionEvidence = 5;

    /// <summary>
    /// The step the device reports its values in (e.g. 1 for a phone that records whole milliseconds), inferred from
    /// its measurements: the coarsest of 1, 0.5, 0.1 that every measurement is a multiple of, when there are at least
    /// <see cref="ResolutionEvidence"/> of them; 0 (continuous) otherwise.
    /// </summary>
    public double Resolution { get; }

    /// <summary>
    /// The continuous cost below which a reported value is within <paramref name="budget"/>: a device that reports
    /// multiples of r reports round(c) &lt;= budget exactly when c &lt; floor(budget / r) x r + r / 2. The budget itself
    /// for a continuous device.
    /// </summary>
    public double EffectiveBudget(double budget)
    {
        if (!(budget > 0) || !double.IsFinite(budget))
            throw new ArgumentOutOfRangeException(nameof(budget), budget, "a budget is finite and > 0");
        if (Resolution <= 0) return budget;
        return Math.Floor(budget / Resolution + 1e-9) * Resolution + Resolution / 2;
    }

    private static double InferResolution(IReadOnlyList<double> values)
    {
        if (values.Count < ResolutionEvidence) return 0;
        foreach (var step in ResolutionGrid)
            if (values.All(v => Math.Abs(v / step - Math.Round(v / step)) < 1e-6)) return step;
        return 0;
    }

    /// <summary>
    /// Spread (log units) given to an architecture measured on the device: its prediction is then its measurement.
    /// 0 (the default) treats a measurement as the truth, as verification does; a positive value models repeat noise.
    /// </summary>
    public double MeasuredSpread { get; init; }

    public IDeviceLatencyPredictor Predictor { get; }

    public PrecisionFactors Factors { get; }

    /// <summary>"latency" or "energy".</summary>
    public string Quantity { get; }

    /// <summary>"ms" or "mJ".</summary>
    public string Unit => Quantity == "energy" ? "mJ" : "ms";

    public bool CanReadapt => _readapt is not null;

    /// <summary>Every measurement the model knows: the predictor's fp32 ones and the quantized designs'.</summary>
    public IReadOnlyList<DesignObservation> Measurements(int precisionSlots) =>
        Predictor.Observations
            .Select(o => new DesignObservation(new Design(o.Architecture, QuantizationPolicy.Uniform(precisionSlots, Precision.Fp32)), o.Value))
            .Concat(_designMeasurements)
            .ToArray();

    /// <summary>fp32 predictions of architectures, in order; one batched call to the predictor for those not cached.</summary>
    public LatencyPrediction[] PredictArchitectures(IReadOnlyList<Architecture> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var result = new LatencyPrediction[architectures.Count];
        List<int>? missing = null;
        for (var i = 0; i < result.Length; i++)
        {
            if (_cache.TryGetValue(architectures[i], out var cached)) result[i] = cached;
            else (missing ??= []).Add(i);
        }
        if (missing is null) return result;
        var distinct = missing.Select(i => architectures[i]).Distinct().ToArray();
        var predicted = Predictor.Predict(distinct);
        for (var j = 0; j < distinct.Length; j++)
        {
            var prediction = _measuredFp32.TryGetValue(distinct[j], out var measured)
                ? new LatencyPrediction(Math.Log(measured), MeasuredSpread)
                : predicted[j];
            _cache.TryAdd(distinct[j], prediction);
        }
        foreach (var i in missing) result[i] = _cache[architectures[i]];
        return result;
    }

    /// <summary>Predictions for designs, in order.</summary>
    public LatencyPrediction[] Predict(IReadOnlyList<Design> designs)
    {
        ArgumentNullException.ThrowIfNull(designs);
        var fp32 = PredictArchitectures(designs.Select(d => d.Architecture).ToArray());
        for (var i = 0; i < fp32.Length; i++) fp32[i] = Factors.Apply(fp32[i], designs[i].Policy);
        return fp32;
    }

    /// <summary>
    /// The model after one more measurement on the device: an fp32 design re-adapts the predictor (when
    /// <see cref="CanReadapt"/>), a quantized one re-estimates the precision factors.
    /// </summary>
    public DesignCostModel WithMeasurement(DesignObservation measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        if (measurement.Design.Policy.Slots.All(s => s == Precision.Fp32))
        {
            if (_readapt is null)
                throw new InvalidOperationException("this cost model cannot re-adapt its predictor: it was built without an adapt function");
            var observations = Predictor.Observations.Append(new LatencyObservation(measurement.Design.Architecture, measurement.Value)).ToArray();
            return new DesignCostModel(_readapt(observations), _designMeasurements, _readapt, Quantity) { MeasuredSpread = MeasuredSpread };
        }
        return new DesignCostModel(Predictor, [.. _designMeasurements, measurement], _readapt, Quantity) { MeasuredSpread = MeasuredSpread };
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Accuracy;

namespace EdgeOpt.Learning.Optimization.Measurement;

/// <summary>
/// A latency model whose measurements on a new device serve the optimizer: the first
/// <see cref="SignatureCount"/> are the inner model's own choice (its signature design, which describes the device as
/// a whole); each further one is taken, one at a time, on the predicted accuracy/latency Pareto front — the designs an
/// optimizer would answer — at the front architecture whose predicted latency is the most uncertain given the
/// measurements so far, among those whose predicted latency lies within the central
/// [<see cref="LowerQuantile"/>, <see cref="UpperQuantile"/>] range of all candidates' predicted latencies. Those
/// measurements pin the predictor down where budgets cut the front, and each is a design known to fit every budget
/// above it. With <see cref="FrontPlacement.Fallbacks"/> the front measurements are instead one per slot i (of n): the
/// most accurate front architecture that fits, with probability <see cref="FallbackConfidence"/>, under the (i + 0.5)/n
/// quantile of all candidates' predicted latencies: a measured design that a budget near that quantile can fall back on.
/// The slots are filled in <see cref="FallbackOrder"/>, by default from the slowest quantile down, so that the fast
/// fallbacks, the hardest to place (the predictions' relative error is largest there and few designs lie below them),
/// are chosen after the slow ones, with more measurements known. On the shared NB201 folds this order lowered the
/// optimizer's regret on every seed tried (docs/optimization-evaluation.md).
/// Adapting and predicting are the inner model's. Deterministic; thread-safe like the inner model.
/// </summary>
public sealed class FrontierMeasurements : ILatencyModel
{
    private readonly ILatencyModel _inner;
    private readonly IAccuracySource _accuracy;

    public FrontierMeasurements(
        ILatencyModel inner, IAccuracySource accuracy, int signatureCount, double lowerQuantile = 0.05, double upperQuantile = 0.95,
        FrontPlacement placement = FrontPlacement.Uncertainty, int frontCount = 0, double fallbackConfidence = DefaultFallbackConfidence,
        FallbackOrder fallbackOrder = FallbackOrder.SlowestFirst)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _accuracy = accuracy ?? throw new ArgumentNullException(nameof(accuracy));
        if (accuracy.Space.Id != inner.Space.Id)
            throw new ArgumentException($"the accuracy source is for '{accuracy.Space.Id}', the latency model for '{inner.Space.Id}'", nameof(accuracy));
        ArgumentOutOfRangeException.ThrowIfLessThan(signatureCount, 1);
        if (!(lowerQuantile >= 0 && lowerQuantile < upperQuantile && upperQuantile <= 1))
            throw new ArgumentOutOfRangeException(nameof(lowerQuantile), "need 0 <= lowerQuantile < upperQuantile <= 1");
        if (placement == FrontPlacement.Fallbacks) ArgumentOutOfRangeException.ThrowIfLessThan(frontCount, 1);
        if (!(fallbackConfidence > 0 && fallbackConfidence < 1))
            throw new ArgumentOutOfRangeException(nameof(fallbackConfidence), fallbackConfidence, "strictly between 0 and 1");
        if (!Enum.IsDefined(fallbackOrder)) throw new ArgumentOutOfRangeException(nameof(fallbackOrder), fallbackOrder, "SlowestFirst or FastestFirst");
        Placement = placement;
        Order = fallbackOrder;
        FrontCount = frontCount;
        FallbackConfidence = fallbackConfidence;
        SignatureCount = signatureCount;
        LowerQuantile = lowerQuantile;
        UpperQuantile = upperQuantile;
    }

    /// <summary>The <see cref="FallbackConfidence"/> used when none is given.</summary>
    public const double DefaultFallbackConfidence = 0.8;

    /// <summary>Measurements left to the inner model's choice before the front is measured.</summary>
    public int SignatureCount { get; }

    public double LowerQuantile { get; }

    /// <summary>Where the measurements after the signature go.</summary>
    public FrontPlacement Placement { get; }

    /// <summary>With <see cref="FrontPlacement.Fallbacks"/>: how many front measurements share the latency quantiles.</summary>
    public int FrontCount { get; }

    /// <summary>With <see cref="FrontPlacement.Fallbacks"/>: P(fit under the quantile) a front measurement must have.</summary>
    public double FallbackConfidence { get; }

    /// <summary>With <see cref="FrontPlacement.Fallbacks"/>: the order in which the quantile slots are measured.</summary>
    public FallbackOrder Order { get; }

    public double UpperQuantile { get; }

    public string Method => _inner.Method;

    public ISearchSpace Space => _inner.Space;

    public IReadOnlyList<string> KnownDevices => _inner.KnownDevices;

    public IDeviceLatencyPredictor Adapt(IReadOnlyList<LatencyObservation> observations) => _inner.Adapt(observations);

    public IReadOnlyList<int> ChooseMeasurements(
        IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, int count)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(observed);
        if (count <= 0) return [];
        if (observed.Count < SignatureCount)
        {
            var picks = _inner.ChooseMeasurements(candidates, observed, Math.Min(count, SignatureCount - observed.Count));
            if (picks.Count > 0) return picks;
        }
        return ChooseFront(candidates, observed, Math.Max(0, observed.Count - SignatureCount));
    }

    /// <summary>
    /// The next front measurement (one index into <paramref name="candidates"/>) after <paramref name="frontTaken"/>
    /// front measurements, whatever came before them: with <see cref="FrontPlacement.Fallbacks"/> the slot is
    /// <paramref name="frontTaken"/> in <see cref="Order"/>. <see cref="ChooseMeasurements"/> counts the measurements after
    /// the signature; a server whose devices have other measurements too (a longer signature set, verifications) counts
    /// its own front measurements.
    /// </summary>
    public IReadOnlyList<int> ChooseFront(IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, int frontTaken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentOutOfRangeException.ThrowIfNegative(frontTaken);
        var measured = new HashSet<Architecture>(observed.Select(o => o.Architecture));
        var covered = _accuracy.Architectures is { } list ? new HashSet<Architecture>(list) : null;
        var pool = Enumerable.Range(0, candidates.Count)
            .Where(i => !measured.Contains(candidates[i]) && (covered is null || covered.Contains(candidates[i]))).ToArray();
        if (pool.Length == 0 || observed.Count == 0) return _inner.ChooseMeasurements(candidates, observed, 1);

        var architectures = pool.Select(i => candidates[i]).ToArray();
        var predictions = _inner.Adapt(observed).Predict(architectures);
        var accuracy = _accuracy.Predict(architectures);
        var logs = predictions.Select(p => p.LogMean).Order().ToArray();
        var low = logs[(int)Math.Floor(LowerQuantile * (logs.Length - 1))];
        var high = logs[(int)Math.Ceiling(UpperQuantile * (logs.Length - 1))];

        // The front: fastest first, keep each architecture more accurate than every faster one.
        var order = Enumerable.Range(0, architectures.Length)
            .OrderBy(j => predictions[j].LogMean).ThenByDescending(j => accuracy[j].Top1).ToArray();
        if (Placement == FrontPlacement.Fallbacks)
        {
            var taken = frontTaken % FrontCount;
            var slot = Order == FallbackOrder.SlowestFirst ? FrontCount - 1 - taken : taken;
            var target = logs[(int)Math.Round((slot + 0.5) / FrontCount * (logs.Length - 1))];
            var z = Numerics.NormalDistribution.Quantile(FallbackConfidence);
            var pick = -1;
            for (var j = 0; j < architectures.Length; j++)
            {
                if (predictions[j].LogMean + z * predictions[j].LogStdDev > target) continue;
                if (pick < 0 || accuracy[j].Top1 > accuracy[pick].Top1) pick = j;
            }
            if (pick >= 0) return [pool[pick]];
        }
        var best = -1;
        var bestValue = double.NegativeInfinity;
        var bestTop1 = double.NegativeInfinity;
        foreach (var j in order)
        {
            if (accuracy[j].Top1 <= bestTop1) continue;
            bestTop1 = accuracy[j].Top1;
            if (predictions[j].LogMean < low || predictions[j].LogMean > high) continue;
            var value = predictions[j].LogStdDev;
            if (value > bestValue) { best = j; bestValue = value; }
        }
        return best < 0 ? _inner.ChooseMeasurements(candidates, observed, 1) : [pool[best]];
    }
}

/// <summary>Where <see cref="FrontierMeasurements"/> takes the measurements after the signature.</summary>
public enum FrontPlacement
{
    /// <summary>At the front architecture whose predicted latency is the most uncertain.</summary>
    Uncertainty,

    /// <summary>At the most accurate architecture likely to fit under each of evenly spaced predicted-latency quantiles.</summary>
    Fallbacks,
}

/// <summary>The order in which <see cref="FrontPlacement.Fallbacks"/> measures its predicted-latency quantile slots.</summary>
public enum FallbackOrder
{
    /// <summary>From the slowest quantile down: the fastest fallback is placed last, with the most measurements known.</summary>
    SlowestFirst,

    /// <summary>From the fastest quantile up (the order before session 5; kept to reproduce the comparison).</summary>
    FastestFirst,
}

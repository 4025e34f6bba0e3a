using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Optimization.Costs;

/// <summary>
/// A device predictor whose spreads are rescaled so that its own measurements are explained as often as its
/// intervals claim: each measurement is predicted by the predictor adapted to all the others (leave-one-out), its
/// standardized error z = (ln y - mean) / spread is taken, and every spread is multiplied by
/// s = sqrt((Σz² + ν) / (n + ν)), a pooled estimate shrunk toward 1 with <see cref="PriorWeight"/> = ν pseudo-measurements
/// and kept within [<see cref="MinScale"/>, <see cref="MaxScale"/>]. Means are the inner predictor's. Costs one extra
/// adaptation per measurement. Thread-safe.
/// </summary>
public sealed class CalibratedPredictor : IDeviceLatencyPredictor
{
    public const double PriorWeight = 2.0;
    public const double MinScale = 0.4;
    public const double MaxScale = 3.0;

    private readonly IDeviceLatencyPredictor _inner;

    private CalibratedPredictor(IDeviceLatencyPredictor inner, double scale, IReadOnlyList<double> scores)
    {
        _inner = inner;
        Scale = scale;
        LeaveOneOutScores = scores;
    }

    /// <summary>The factor applied to every spread.</summary>
    public double Scale { get; }

    /// <summary>The leave-one-out standardized errors the scale was estimated from.</summary>
    public IReadOnlyList<double> LeaveOneOutScores { get; }

    public IReadOnlyList<LatencyObservation> Observations => _inner.Observations;

    /// <summary>Adapts with <paramref name="adapt"/> to the observations and calibrates the spreads (needs at least 3 measurements; fewer: scale 1).</summary>
    public static CalibratedPredictor Adapt(
        Func<IReadOnlyList<LatencyObservation>, IDeviceLatencyPredictor> adapt, IReadOnlyList<LatencyObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(adapt);
        ArgumentNullException.ThrowIfNull(observations);
        var inner = adapt(observations);
        if (observations.Count < 3) return new CalibratedPredictor(inner, 1.0, []);
        var scores = new List<double>(observations.Count);
        for (var i = 0; i < observations.Count; i++)
        {
            var others = observations.Where((_, j) => j != i).ToArray();
            var prediction = adapt(others).Predict([observations[i].Architecture])[0];
            if (prediction.LogStdDev > 0) scores.Add((Math.Log(observations[i].Value) - prediction.LogMean) / prediction.LogStdDev);
        }
        var scale = Math.Sqrt((scores.Sum(z => z * z) + PriorWeight) / (scores.Count + PriorWeight));
        return new CalibratedPredictor(inner, Math.Clamp(scale, MinScale, MaxScale), scores);
    }

    public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        var predictions = _inner.Predict(architectures);
        for (var i = 0; i < predictions.Length; i++)
            predictions[i] = predictions[i] with { LogStdDev = predictions[i].LogStdDev * Scale };
        return predictions;
    }
}

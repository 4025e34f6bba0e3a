using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// One device's fitted latency predictor (from <see cref="PerDeviceLatencyTrainer"/>). The point prediction is
/// exp(mean of the fold models' ln-latency). The interval is [prediction x exp(q_lo), prediction x exp(q_hi)] with
/// q_lo, q_hi the (1 - coverage)/2 and (1 + coverage)/2 empirical quantiles of the out-of-fold residuals
/// ln(measured) - ln(predicted): a relative band of the same width for every architecture, whose coverage holds
/// on average over architectures like the training ones. Thread-safe.
/// </summary>
public sealed class PerDeviceLatencyModel
{
    private readonly ArchitectureFeatures _features;
    private readonly CrossFittedTrees _trees;

    internal PerDeviceLatencyModel(
        ISearchSpace space, ArchitectureFeatures features, CrossFittedTrees trees, double intervalCoverage, int trainingCount)
    {
        Space = space;
        _features = features;
        _trees = trees;
        IntervalCoverage = intervalCoverage;
        TrainingCount = trainingCount;
    }

    public ISearchSpace Space { get; }

    /// <summary>Nominal coverage of the intervals (e.g. 0.9).</summary>
    public double IntervalCoverage { get; }

    /// <summary>Number of measurements the model learned from.</summary>
    public int TrainingCount { get; }

    /// <summary>Lower edge of the interval as a factor of the prediction (&lt;= 1), exp(q_lo).</summary>
    public double LowerFactor => Math.Min(1.0, Math.Exp(_trees.LowerResidual));

    /// <summary>Upper edge of the interval as a factor of the prediction (&gt;= 1), exp(q_hi).</summary>
    public double UpperFactor => Math.Max(1.0, Math.Exp(_trees.UpperResidual));

    /// <summary>Out-of-fold predicted latency (ms) of each training measurement, in training order.</summary>
    public IReadOnlyList<double> OutOfFoldPredictionsMs => _trees.OutOfFoldPredictions.Select(Math.Exp).ToArray();

    public double PredictMs(Architecture architecture) => PredictMs([architecture])[0];

    /// <summary>Predicts many architectures in one pass per fold model (all of NAS-Bench-201 in well under a second once encoded).</summary>
    public double[] PredictMs(IReadOnlyList<Architecture> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var logs = _trees.Predict(_features.Of(architectures, nameof(architectures)));
        for (int i = 0; i < logs.Length; i++) logs[i] = Math.Exp(logs[i]);
        return logs;
    }

    public LatencyPrediction Predict(Architecture architecture) => Predict([architecture])[0];

    public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        var ms = PredictMs(architectures);
        double lower = LowerFactor, upper = UpperFactor;
        return ms.Select(m => new LatencyPrediction(m, m * lower, m * upper)).ToArray();
    }
}

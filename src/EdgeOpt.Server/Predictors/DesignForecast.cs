using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Server.Predictors;

/// <summary>Where an accuracy figure comes from.</summary>
public enum AccuracyOrigin
{
    /// <summary>An accuracy predictor's output for an fp32 design, with its interval.</summary>
    Predicted,

    /// <summary>A prior on top of the fp32 figure (quantized designs), or a source that is itself an estimate.</summary>
    Estimated,

    /// <summary>Reported by a user who evaluated the design.</summary>
    Measured,
}

/// <summary>A design's accuracy (top-1 percent) with its interval and origin.</summary>
public sealed record AccuracyForecast(double Top1, double Lower, double Upper, AccuracyOrigin Origin, string Source);

/// <summary>
/// What Predict returns for one design: latency (log-normal, ms), accuracy when a source covers it, and energy
/// (log-normal, total mJ per inference) when asked for and the device measured energy.
/// </summary>
public sealed record DesignForecast(LatencyPrediction Latency, AccuracyForecast? Accuracy, LatencyPrediction? Energy = null);

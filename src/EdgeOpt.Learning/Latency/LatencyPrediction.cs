using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Latency;

/// <summary>
/// A predicted cost as a log-normal distribution: <see cref="LogMean"/> and <see cref="LogStdDev"/> of the
/// natural logarithm of the value a new measurement would give (measurement noise included).
/// </summary>
public readonly record struct LatencyPrediction(double LogMean, double LogStdDev)
{
    /// <summary>The point prediction exp(LogMean), in the unit of the training data (ms or mJ): the median.</summary>
    public double Value => Math.Exp(LogMean);

    /// <summary>The central interval holding a new measurement with probability <paramref name="level"/> (e.g. 0.9).</summary>
    public (double Lower, double Upper) Interval(double level)
    {
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "a probability strictly between 0 and 1, e.g. 0.9");
        var z = NormalDistribution.Quantile(0.5 + level / 2);
        return (Math.Exp(LogMean - z * LogStdDev), Math.Exp(LogMean + z * LogStdDev));
    }
}

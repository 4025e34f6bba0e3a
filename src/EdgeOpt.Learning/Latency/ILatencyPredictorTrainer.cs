namespace EdgeOpt.Learning.Latency;

/// <summary>
/// Learns, from the devices already known (possibly none), a model that predicts the cost of any architecture on
/// a new device from a few measurements taken there.
/// </summary>
public interface ILatencyPredictorTrainer
{
    /// <summary>Method name as used by <c>--method</c> (e.g. "ridge").</summary>
    string Name { get; }

    /// <summary>Trains on the known devices. With no known device the model learns from the new device alone.</summary>
    ILatencyModel Fit(LatencyTrainingData data, CancellationToken cancellationToken);
}

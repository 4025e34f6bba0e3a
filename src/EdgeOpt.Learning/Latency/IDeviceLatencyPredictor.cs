using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency;

/// <summary>Predicts the cost of architectures on one device, after adapting to its measurements. Thread-safe.</summary>
public interface IDeviceLatencyPredictor
{
    /// <summary>The measurements the predictor was adapted to.</summary>
    IReadOnlyList<LatencyObservation> Observations { get; }

    /// <summary>Predictions (log-normal mean and spread) for each architecture, in order.</summary>
    LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures);
}

using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency;

/// <summary>
/// What a trainer produces: a model of how costs vary across devices. It decides which architectures to measure
/// on a new device and adapts to that device's measurements. Immutable and thread-safe once trained.
/// </summary>
public interface ILatencyModel
{
    /// <summary>Method name (as <see cref="ILatencyPredictorTrainer.Name"/>).</summary>
    string Method { get; }

    ISearchSpace Space { get; }

    /// <summary>The devices the model was trained on (empty without training data).</summary>
    IReadOnlyList<string> KnownDevices { get; }

    /// <summary>
    /// The next architectures to measure on a new device: distinct indices into <paramref name="candidates"/>
    /// (the architectures that can be measured there), none already in <paramref name="observed"/>, at most
    /// <paramref name="count"/> of them, in the order to measure. The choice may depend on the observed values
    /// (adaptive design) but never on unmeasured ones. It returns fewer than <paramref name="count"/> to ask to be
    /// called again once those are measured, and an empty list only when no candidate is left. Deterministic.
    /// </summary>
    IReadOnlyList<int> ChooseMeasurements(
        IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, int count);

    /// <summary>Fits the model to a new device's measurements (at least one); milliseconds.</summary>
    IDeviceLatencyPredictor Adapt(IReadOnlyList<LatencyObservation> observations);
}

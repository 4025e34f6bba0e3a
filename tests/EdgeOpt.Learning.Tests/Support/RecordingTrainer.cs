using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.Ridge;

namespace EdgeOpt.Learning.Tests.Support;

/// <summary>A latency method that records the devices of every training, then behaves as ridge.</summary>
internal sealed class RecordingTrainer : ILatencyPredictorTrainer
{
    /// <summary>The known devices of each training, in the order trained.</summary>
    public List<IReadOnlyList<string>> Trainings { get; } = [];

    /// <summary>Every device trained on, over all trainings.</summary>
    public IEnumerable<string> TrainedOn => Trainings.SelectMany(t => t);

    public string Name => "spy";

    public ILatencyModel Fit(LatencyTrainingData data, CancellationToken cancellationToken)
    {
        Trainings.Add(data.Devices.ToArray());
        return new RidgeLatencyTrainer().Fit(data, cancellationToken);
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Accuracy;

namespace EdgeOpt.Learning.Optimization.Evaluation;

/// <summary>
/// What an optimizer may learn from before it meets a new device: the known devices' data, the latency model
/// trained on them and the accuracy source. Learned optimizers (the neural one) train on it; others ignore it.
/// </summary>
public sealed record OptimizerFold(
    ISearchSpace Space, LatencyTrainingData Training, ILatencyModel LatencyModel, IAccuracySource Accuracy, int Seed);

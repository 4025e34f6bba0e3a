using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Tests.Support;

namespace EdgeOpt.Learning.Tests.Latency;

/// <summary>Shared set-ups for the method tests: small, fast trainers and a synthetic fleet.</summary>
internal static class LatencyMethodTestKit
{
    /// <summary>
    /// A neural-linear trainer small enough for a unit test (a second or two on one core): one embedding (the
    /// evidence-weighted second one has its own tests in <see cref="EvidenceWeightedModelsTests"/>).
    /// </summary>
    public static NeuralLinearTrainer SmallNeuralLinear(int seed = 0) => new(new NeuralLinearTrainer.Options
    {
        Seed = seed, HiddenWidth = 32, EmbeddingSize = 8, Epochs = 40, BatchSize = 128, LearningRate = 1e-2, Threads = 1,
        AlternativeFeatures = [],
    });

    /// <summary>Known devices "a".."d" and a new device "new", all exact multiples of one base cost.</summary>
    public static (MeasurementTable Known, MeasurementTable New) ScaledFleet(double noise, int rows = 400, int seed = 11)
    {
        var architectures = SyntheticFleet.Architectures(rows, seed);
        var known = SyntheticFleet.Table(architectures,
            new Dictionary<string, double> { ["a"] = 1.0, ["b"] = 2.5, ["c"] = 0.4, ["d"] = 7.0 }, noise, seed + 1);
        var fresh = SyntheticFleet.Table(architectures, new Dictionary<string, double> { ["new"] = 3.3 }, noise, seed + 2);
        return (known, fresh);
    }

    public static LatencyDeviceResult EvaluateNew(ILatencyPredictorTrainer trainer, MeasurementTable known, MeasurementTable fresh, int samples)
    {
        var space = SyntheticFleet.Space;
        var model = trainer.Fit(LatencyTrainingData.From(known, space), CancellationToken.None);
        var architectures = LatencyEvaluation.Parse(fresh, space);
        return LatencyEvaluation.EvaluateDevice(model, "new", fresh.Column("new"), architectures, samples);
    }

    public static Architecture[] Parse(MeasurementTable table) => LatencyEvaluation.Parse(table, SyntheticFleet.Space);
}

using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Tests.Support;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class EvidenceWeightedModelsTests
{
    private static NeuralLinearTrainer.Options Small(int seed, int epochs = 40) => new()
    {
        Seed = seed, HiddenWidth = 32, EmbeddingSize = 8, Epochs = epochs, BatchSize = 128, LearningRate = 1e-2, Threads = 1,
        AlternativeFeatures = [],
    };

    [Fact]
    public void Fit_AlternativeFeatures_ModelOfSeveralEmbeddingsStillNearlyPerfectOnScaledDevices()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0);
        var trainer = new NeuralLinearTrainer(new NeuralLinearTrainer.Options
        {
            Seed = 3, HiddenWidth = 32, EmbeddingSize = 8, Epochs = 40, BatchSize = 128, LearningRate = 1e-2, Threads = 1,
        }); // the default: a second embedding with graph features
        var model = trainer.Fit(LatencyTrainingData.From(known, SyntheticFleet.Space), CancellationToken.None);
        Assert.IsType<EvidenceWeightedModels>(model);
        Assert.Equal(NeuralLinearTrainer.MethodName, model.Method);

        var result = LatencyMethodTestKit.EvaluateNew(trainer, known, fresh, samples: 10);
        Assert.True(result.Metrics.Srcc > 0.99, $"Spearman {result.Metrics.Srcc}");
    }

    [Fact]
    public void Weigh_TrainedAgainstUntrainedEmbedding_EvidenceFavoursTheTrainedOne()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.01, rows: 300);
        var data = LatencyTrainingData.From(known, SyntheticFleet.Space);
        var untrained = (NeuralLinearModel)new NeuralLinearTrainer(Small(seed: 4, epochs: 0)).Fit(data, CancellationToken.None);
        var trained = (NeuralLinearModel)new NeuralLinearTrainer(Small(seed: 4)).Fit(data, CancellationToken.None);
        var both = new EvidenceWeightedModels([untrained, trained], signatureSize: 10);
        var candidates = LatencyMethodTestKit.Parse(fresh);
        var observations = both.ChooseMeasurements(candidates, [], 10)
            .Select(i => new LatencyObservation(candidates[i], fresh.Column("new")[i]!.Value)).ToArray();

        var weights = both.Weigh(observations);

        Assert.Equal(1, weights[0].Index);
        Assert.True(weights[0].Weight > 0.9, $"weights {string.Join(", ", weights)}");
        Assert.Equal(1.0, weights.Sum(w => w.Weight), 9);
    }

    [Fact]
    public void ChooseMeasurements_Signature_IsTheFirstModelsAndPastItOneAtATime()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.02, rows: 200);
        var data = LatencyTrainingData.From(known, SyntheticFleet.Space);
        var first = (NeuralLinearModel)new NeuralLinearTrainer(Small(seed: 6)).Fit(data, CancellationToken.None);
        var second = (NeuralLinearModel)new NeuralLinearTrainer(Small(seed: 7)).Fit(data, CancellationToken.None);
        var both = new EvidenceWeightedModels([first, second], signatureSize: 10);
        var candidates = LatencyMethodTestKit.Parse(fresh);

        var signature = both.ChooseMeasurements(candidates, [], 10);
        Assert.Equal(first.ChooseMeasurements(candidates, [], 10), signature);

        var observed = signature.Select(i => new LatencyObservation(candidates[i], fresh.Column("new")[i]!.Value)).ToList();
        var next = both.ChooseMeasurements(candidates, observed, 5);
        Assert.Single(next);
        Assert.DoesNotContain(next[0], signature);
    }

    [Fact]
    public void Adapt_NoMeasurement_Refused()
    {
        var (known, _) = LatencyMethodTestKit.ScaledFleet(noise: 0.02, rows: 100);
        var data = LatencyTrainingData.From(known, SyntheticFleet.Space);
        var model = (NeuralLinearModel)new NeuralLinearTrainer(Small(seed: 1, epochs: 2)).Fit(data, CancellationToken.None);
        var both = new EvidenceWeightedModels([model, model], signatureSize: 10);
        Assert.Throws<ArgumentException>(() => both.Adapt([]));
    }
}

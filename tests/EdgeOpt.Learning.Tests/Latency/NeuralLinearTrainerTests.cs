using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Tests.Support;
using Xunit.Abstractions;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class NeuralLinearTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Predict_NewDeviceAScalingOfKnownOnes_NearlyPerfectRanking()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0);
        var result = LatencyMethodTestKit.EvaluateNew(LatencyMethodTestKit.SmallNeuralLinear(), known, fresh, samples: 10);
        output.WriteLine($"srcc {result.Metrics.Srcc:0.0000} mape {result.Metrics.Mape:0.0000} within10 {result.Metrics.Within10:0.000}");

        Assert.Equal(10, result.Measured);
        Assert.True(result.Metrics.Srcc > 0.99, $"Spearman {result.Metrics.Srcc}");
        Assert.True(result.Metrics.Within10 > 0.95, $"within ±10 %: {result.Metrics.Within10}");
    }

    [Fact]
    public void Fit_SameSeed_SamePredictions()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.02, rows: 200);
        var space = SyntheticFleet.Space;
        var candidates = LatencyMethodTestKit.Parse(fresh);
        double[] Run()
        {
            var model = LatencyMethodTestKit.SmallNeuralLinear(seed: 5).Fit(LatencyTrainingData.From(known, space), CancellationToken.None);
            var picks = model.ChooseMeasurements(candidates, [], 10);
            var observations = picks.Select(i => new LatencyObservation(candidates[i], fresh.Column("new")[i]!.Value)).ToArray();
            return model.Adapt(observations).Predict(candidates).Select(p => p.LogMean).ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public async Task Fit_TwoTrainingsAtTheSameTime_SameModelsAsOneAtATime()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.02, rows: 200);
        var candidates = LatencyMethodTestKit.Parse(fresh);
        var data = LatencyTrainingData.From(known, SyntheticFleet.Space);
        double[] Predictions(ILatencyModel model)
        {
            var picks = model.ChooseMeasurements(candidates, [], 10);
            return model.Adapt(picks.Select(i => new LatencyObservation(candidates[i], fresh.Column("new")[i]!.Value)).ToArray())
                .Predict(candidates).Select(p => p.LogMean).ToArray();
        }
        var alone = Predictions(LatencyMethodTestKit.SmallNeuralLinear(seed: 2).Fit(data, CancellationToken.None));
        var together = await Task.WhenAll(new[] { 2, 9 }
            .Select(seed => Task.Run(() => LatencyMethodTestKit.SmallNeuralLinear(seed).Fit(data, CancellationToken.None))));
        Assert.Equal(alone, Predictions(together[0]));
    }

    [Fact]
    public void Predict_NoKnownDevice_BayesianPerOptionRegressionRanksWell()
    {
        var (_, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0);
        var model = LatencyMethodTestKit.SmallNeuralLinear().Fit(LatencyTrainingData.None(SyntheticFleet.Space), CancellationToken.None);
        var result = LatencyEvaluation.EvaluateDevice(model, "new", fresh.Column("new"), LatencyMethodTestKit.Parse(fresh), 40);
        output.WriteLine($"srcc {result.Metrics.Srcc:0.0000}");

        Assert.Empty(model.KnownDevices);
        Assert.True(result.Metrics.Srcc > 0.9, $"Spearman {result.Metrics.Srcc}");
    }

    [Fact]
    public void ChooseMeasurements_PastTheSignature_OneAtATimeAndNeverRepeats()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.02, rows: 200);
        var model = LatencyMethodTestKit.SmallNeuralLinear().Fit(LatencyTrainingData.From(known, SyntheticFleet.Space), CancellationToken.None);
        var candidates = LatencyMethodTestKit.Parse(fresh);
        var signature = model.ChooseMeasurements(candidates, [], 25);
        Assert.Equal(10, signature.Count);

        var observed = signature.Select(i => new LatencyObservation(candidates[i], fresh.Column("new")[i]!.Value)).ToList();
        var next = model.ChooseMeasurements(candidates, observed, 15);
        Assert.Single(next);
        Assert.DoesNotContain(next[0], signature);
    }

    [Fact]
    public void ChooseMeasurements_PreferredArchitectureMissing_PicksOthersAmongTheAvailable()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.02, rows: 200);
        var model = LatencyMethodTestKit.SmallNeuralLinear().Fit(LatencyTrainingData.From(known, SyntheticFleet.Space), CancellationToken.None);
        var all = LatencyMethodTestKit.Parse(fresh);
        var preferred = model.ChooseMeasurements(all, [], 10).Select(i => all[i]).ToArray();

        // The device failed the first two preferred networks: they are not candidates there.
        var available = all.Except(preferred.Take(2)).ToArray();
        var signature = model.ChooseMeasurements(available, [], 10).Select(i => available[i]).ToArray();

        Assert.Equal(10, signature.Distinct().Count());
        Assert.DoesNotContain(preferred[0], signature);
        Assert.DoesNotContain(preferred[1], signature);
        Assert.Equal(signature, model.ChooseMeasurements(available, [], 10).Select(i => available[i]));
    }

    [Fact]
    public void Predict_EnsembleOfTwoEmbeddings_StillNearlyPerfectOnScaledDevices()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0);
        var trainer = new NeuralLinearTrainer(new NeuralLinearTrainer.Options
        {
            Seed = 1, HiddenWidth = 32, EmbeddingSize = 8, Epochs = 40, BatchSize = 128, LearningRate = 1e-2, EnsembleSize = 2, AlternativeFeatures = [],
        });
        var result = LatencyMethodTestKit.EvaluateNew(trainer, known, fresh, samples: 10);
        Assert.True(result.Metrics.Srcc > 0.99, $"Spearman {result.Metrics.Srcc}");
    }
}

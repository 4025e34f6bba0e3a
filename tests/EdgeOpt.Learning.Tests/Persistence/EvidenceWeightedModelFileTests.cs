using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;

namespace EdgeOpt.Learning.Tests.Persistence;

/// <summary>An evidence-weighted "neural-linear" model survives a save: same models, options and behaviour.</summary>
public sealed class EvidenceWeightedModelFileTests
{
    [Fact]
    public void SaveLoad_EvidenceWeightedModel_KeepsItsModelsOptionsChoicesAndPredictions()
    {
        var original = Assert.IsType<EvidenceWeightedModels>(
            PersistenceFleet.EvidenceWeightedTrainer().Fit(PersistenceFleet.Training(true), CancellationToken.None));
        var loaded = Assert.IsType<EvidenceWeightedModels>(PersistenceFleet.Load(PersistenceFleet.Bytes(original)));

        Assert.Equal(original.SignatureSize, loaded.SignatureSize);
        Assert.Equal(original.Models.Count, loaded.Models.Count);
        for (var m = 0; m < original.Models.Count; m++)
        {
            Assert.Equal(original.Models[m].Featurizer.IncludeGraphFeatures, loaded.Models[m].Featurizer.IncludeGraphFeatures);
            Assert.False(loaded.Models[m].Options.ModelRounding);
            var alternative = Assert.Single(loaded.Models[m].Options.AlternativeFeatures);
            Assert.True(alternative.IncludeGraphFeatures);
        }
        Assert.NotEqual(loaded.Models[0].Featurizer.IncludeGraphFeatures, loaded.Models[1].Featurizer.IncludeGraphFeatures);

        // Past the signature the evidence picks who chooses, so go beyond it.
        var candidates = PersistenceFleet.Architectures(150, seed: 5).Take(40)
            .Concat(PersistenceFleet.Architectures(100, seed: 98)).Distinct().ToArray();
        var observed = new List<LatencyObservation>();
        for (var round = 0; round < 3; round++)
        {
            var chosen = original.ChooseMeasurements(candidates, observed, 3);
            Assert.Equal(chosen, loaded.ChooseMeasurements(candidates, observed, 3));
            observed.AddRange(chosen.Select(i => PersistenceFleet.Measure(candidates[i])));

            var expected = original.Adapt(observed).Predict(candidates);
            var actual = loaded.Adapt(observed).Predict(candidates);
            for (var i = 0; i < candidates.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].LogMean), BitConverter.DoubleToInt64Bits(actual[i].LogMean));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].LogStdDev), BitConverter.DoubleToInt64Bits(actual[i].LogStdDev));
            }
        }
        Assert.Equal(PersistenceFleet.Bytes(original), PersistenceFleet.Bytes(loaded));
    }
}

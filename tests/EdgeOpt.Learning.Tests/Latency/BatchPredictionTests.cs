using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Persistence;
using EdgeOpt.Learning.Tests.Persistence;
using EdgeOpt.Learning.Tests.Support;
using EdgeOpt.Testing;

namespace EdgeOpt.Learning.Tests.Latency;

/// <summary>
/// The neural-linear predictors predict many architectures at once (blocks of cells, one triangular solve per block);
/// their results must equal the Gaussian-process formula applied to each architecture alone.
/// </summary>
public sealed class BatchPredictionTests
{
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Predict_ManyArchitectures_EqualsThePerArchitectureFormula(bool roundedMeasurements)
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.02, rows: 300);
        var model = (EvidenceWeightedModels)new NeuralLinearTrainer(new NeuralLinearTrainer.Options
        {
            Seed = 5, HiddenWidth = 32, EmbeddingSize = 8, Epochs = 30, BatchSize = 128, LearningRate = 1e-2, Threads = 1,
        }).Fit(LatencyTrainingData.From(known, SyntheticFleet.Space), CancellationToken.None);
        var candidates = LatencyMethodTestKit.Parse(fresh);
        var values = fresh.Column("new").Select(v => roundedMeasurements ? Math.Max(Math.Round(v!.Value, 1), 0.1) : v!.Value).ToArray();
        var observations = model.ChooseMeasurements(candidates, [], 10)
            .Select(i => new LatencyObservation(candidates[i], values[i])).ToArray();
        Assert.Equal(roundedMeasurements, MeasurementResolution.Of(observations.Select(o => o.Value).ToArray()) > 0);
        // Enough architectures for several parallel blocks, with repeats and a partial last block.
        var targets = Enumerable.Repeat(candidates, 15).SelectMany(c => c).Take(PredictionLoop.ParallelFrom + 333).ToArray();

        var actual = model.Adapt(observations).Predict(targets);

        GaussianProcessOracle.AssertClose(GaussianProcessOracle.Predict(model, observations, targets), actual, Tolerance);
    }

    [Fact]
    public void Predict_OneEmbedding_EqualsThePerArchitectureFormula()
    {
        var (known, fresh) = LatencyMethodTestKit.ScaledFleet(noise: 0.02, rows: 200);
        var model = (NeuralLinearModel)LatencyMethodTestKit.SmallNeuralLinear(seed: 2)
            .Fit(LatencyTrainingData.From(known, SyntheticFleet.Space), CancellationToken.None);
        var candidates = LatencyMethodTestKit.Parse(fresh);
        var observations = model.ChooseMeasurements(candidates, [], 10)
            .Select(i => new LatencyObservation(candidates[i], fresh.Column("new")[i]!.Value)).ToArray();
        var logs = observations.Select(o => Math.Log(o.Value)).ToArray();
        var mixture = model.FitPosterior(observations);

        var actual = model.Adapt(observations).Predict(candidates);

        var expected = candidates.Select(a =>
        {
            var (mean, variance) = GaussianProcessOracle.Predict(mixture, logs, model.Point(a));
            return new LatencyPrediction(mean, Math.Sqrt(variance));
        }).ToArray();
        GaussianProcessOracle.AssertClose(expected, actual, Tolerance);
    }

    [SharedDataFact("nb201/latency.csv")]
    public void Predict_ShippedNb201ModelOnAllCells_EqualsThePerArchitectureFormula()
    {
        var models = ShippedModels.Folder();
        var model = Assert.IsType<EvidenceWeightedModels>(PretrainedModels.TryLoadLatency(models, SearchSpaces.Nb201.Id));
        var table = MeasurementCsv.Load(SharedData.PathOf("nb201/latency.csv"), SearchSpaces.Nb201.Id);
        var cells = LatencyEvaluation.Parse(table, SearchSpaces.Nb201);
        // pixel3: its costs include dead-code elimination (the degenerate regime) and rounding is off (full precision);
        // samsung_a50: whole milliseconds (the rounding term).
        foreach (var device in new[] { "pixel3", "samsung_a50" })
        {
            var column = table.Column(device);
            var observations = model.ChooseMeasurements(cells, [], 10)
                .Select(i => new LatencyObservation(cells[i], column[i]!.Value)).ToArray();

            var actual = model.Adapt(observations).Predict(cells);

            GaussianProcessOracle.AssertClose(GaussianProcessOracle.Predict(model, observations, cells), actual, Tolerance);
        }
    }
}

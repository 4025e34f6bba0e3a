using EdgeOpt.Server.Tests.TestSupport;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Predictors;

/// <summary>Pretrained import, Train and model cards, kept across a restart in the LiteDB file.</summary>
public sealed class PredictorVersionTests(PretrainedModelsFixture models) : IClassFixture<PretrainedModelsFixture>
{
    [SharedDataFact]
    public async Task Start_ImportsThePretrainedModelAsVersion1_WithItsCard()
    {
        await using var fleet = await TestFleet.StartAsync(o => o.ModelsDirectory = models.Directory);

        var card = await fleet.Predictor(TestFleet.OperatorSecret).GetModelCardAsync(new Wire.GetModelCardRequest { PredictorId = "nb201-latency" });

        Assert.Equal(1, card.Version);
        Assert.Equal("ridge", card.Method);
        Assert.Equal("nb201", card.Space);
        Assert.Equal(PretrainedModelsFixture.TrainingDevices, card.Devices);
        Assert.Equal(1, card.Scores["fixture"]);
        Assert.Equal("test fixture", card.Reproduce);
    }

    [SharedDataFact]
    public async Task Train_StoresVersion2WithCard_ItBecomesLatest_AndSurvivesARestart()
    {
        string data = TestFleet.NewTempDirectory();
        try
        {
            string[] known;
            await using (var fleet = await TestFleet.StartAsync(o => { o.ModelsDirectory = models.Directory; o.PredictorMethod = "ridge"; }, data))
            {
                var a = await ReplayFleet.KnownDeviceAsync(fleet, "known-a", "silver_4114", ReplayFleet.Rows(400, seed: 1));
                var b = await ReplayFleet.KnownDeviceAsync(fleet, "known-b", "pixel3", ReplayFleet.Rows(400, seed: 2));
                known = [a.Id, b.Id];

                var progress = await ReplayFleet.TrainAsync(fleet, new Wire.TrainRequest { Space = "nb201", Seed = 5 });

                var last = progress[^1];
                Assert.Equal(1, last.Fraction);
                Assert.Equal(progress.Select(p => p.Fraction).Order(), progress.Select(p => p.Fraction));
                Assert.Contains(progress, p => p.Stage.StartsWith("scoring: leaving out", StringComparison.Ordinal));
                Assert.NotNull(last.Card);
                Assert.Equal(2, last.Card.Version);
                Assert.Equal("ridge", last.Card.Method);
                Assert.Equal(known.Order(), last.Card.Devices.Order());
                int reported = (await Scenario.MeasurementsAsync(fleet, a.Id)).Count + (await Scenario.MeasurementsAsync(fleet, b.Id)).Count;
                Assert.Equal(reported, last.Card.TrainingRows);
                Assert.InRange(last.Card.Scores["lodo_spearman_mean"], -1, 1);
                Assert.Equal(2, last.Card.Scores["lodo_devices"]);
                Assert.Contains("--space nb201 --seed 5", last.Card.Reproduce);
            }

            await using (var restarted = await TestFleet.StartAsync(o => o.ModelsDirectory = models.Directory, data))
            {
                var predictor = restarted.Predictor(TestFleet.OperatorSecret);
                var latest = await predictor.GetModelCardAsync(new Wire.GetModelCardRequest { PredictorId = "nb201-latency" });
                var first = await predictor.GetModelCardAsync(new Wire.GetModelCardRequest { PredictorId = "nb201-latency", Version = 1 });
                var request = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = known[0] } };
                request.Targets.Add(ReplayFleet.AllCells().Take(20));
                var response = await predictor.PredictAsync(request);

                Assert.Equal(2, latest.Version);
                Assert.Equal(known.Order(), latest.Devices.Order());
                Assert.Equal(PretrainedModelsFixture.TrainingDevices, first.Devices);
                Assert.Equal(2, response.PredictorVersion);
                Assert.All(response.Predictions, p => Assert.Equal("ridge/v2", p.LatencyMs.Source));
            }
        }
        finally
        {
            TestFleet.TryDelete(data);
        }
    }

    [SharedDataFact]
    public async Task ReportAccuracy_IsPreferred_AndPredictMarksItMeasured()
    {
        await using var fleet = await TestFleet.StartAsync(o => o.ModelsDirectory = models.Directory);
        var device = await ReplayFleet.KnownDeviceAsync(fleet, "known-a", "silver_4114", ReplayFleet.Rows(30, seed: 1));
        var predictor = fleet.Predictor(TestFleet.OperatorSecret);
        var reported = ReplayFleet.Design(7);
        var int8 = ReplayFleet.Design(7);
        int8.Precisions.Add([Wire.Precision.Int8, Wire.Precision.Fp32, Wire.Precision.Fp32]);

        await predictor.ReportAccuracyAsync(new Wire.ReportAccuracyRequest { Design = reported, Dataset = "CIFAR100", Top1 = 71.25 });
        var request = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = device.Id } };
        request.Metrics.Add([Wire.Metric.Latency, Wire.Metric.Accuracy]);
        request.Targets.Add(new Wire.PredictTarget { Design = reported });
        request.Targets.Add(new Wire.PredictTarget { Design = int8 });
        request.Targets.Add(new Wire.PredictTarget { Design = ReplayFleet.Design(8) });
        var response = await predictor.PredictAsync(request);

        Assert.Equal(71.25, response.Predictions[0].Accuracy.Value);
        Assert.Equal(Wire.Provenance.Measured, response.Predictions[0].Accuracy.Provenance);
        Assert.Equal(Wire.Provenance.Estimated, response.Predictions[1].Accuracy.Provenance);
        Assert.True(response.Predictions[1].Accuracy.Value < 71.25, "the int8 prior takes accuracy off");
        Assert.Null(response.Predictions[2].Accuracy); // no accuracy model and no report for it
        Assert.All(response.Predictions, p => Assert.NotNull(p.LatencyMs));
    }
}

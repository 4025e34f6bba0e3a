using EdgeOpt.Server.Predictors;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>
/// Quickstart step: the space's cross-device latency predictor, the pretrained one when the server has it, else one
/// trained on the replay devices (an error that says how to get one when there are none).
/// </summary>
internal sealed class FleetPredictorCheck(QuickstartSteps steps)
{
    public async Task EnsureAsync(PredictorCatalog catalog, Wire.Predictor.PredictorClient predictor, IReadOnlyList<string> replayIds, CancellationToken ct)
    {
        var settings = steps.Settings;
        if (catalog.LatestRecord(settings.Space) is { } existing)
        {
            steps.Done($"latency predictor {existing.PredictorId} v{existing.Version} ({existing.Method}, {existing.Origin}, {existing.Devices.Length} devices)");
            return;
        }
        if (replayIds.Count == 0)
            throw new QuickstartException(
                $"no pretrained {settings.Space} latency predictor: none under {settings.ModelsDirectory ?? Path.Combine(AppContext.BaseDirectory, "models")}. " +
                $"Train one with `edgeopt train --space {settings.Space} --train ../shared/data/{settings.Space}/latency.csv --out models` " +
                "(then rebuild, or point --models at that folder), " +
                "or give --replay <recording in the import format> so quickstart trains one on the replay devices");
        await steps.Console.Status().StartAsync($"No pretrained {settings.Space} predictor: training one on the replay devices", async status =>
        {
            var request = new Wire.TrainRequest { Space = settings.Space, Target = Wire.Metric.Latency, Seed = settings.Seed };
            request.DeviceIds.Add(replayIds);
            using var call = predictor.Train(request, deadline: DateTime.UtcNow.AddMinutes(10), cancellationToken: ct);
            while (await call.ResponseStream.MoveNext(ct))
            {
                var progress = call.ResponseStream.Current;
                status.Status($"Training the {settings.Space} predictor on the replay devices: {progress.Stage} ({progress.Fraction:P0})");
                if (progress.Card is { } card) steps.Done($"trained latency predictor {card.PredictorId} v{card.Version} ({card.Method}) on {card.TrainingRows} rows");
            }
        });
        steps.Notes.Add($"No pretrained {settings.Space} latency predictor was found; quickstart trained one on the replay devices.");
    }
}

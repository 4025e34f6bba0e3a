using EdgeOpt.Core.Spaces;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// At start, gives each space without a stored predictor version its pretrained latency model
/// (<c>&lt;models&gt;/&lt;space&gt;/latency.model</c> with its card) as version 1. Without any model the server runs on and
/// says so in one log line.
/// </summary>
public sealed class PretrainedImport(PredictorCatalog catalog, IOptions<ServerOptions> options, TimeProvider time, ILogger<PretrainedImport> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Import();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Imports what is missing; returns the spaces that have a predictor afterwards.</summary>
    public IReadOnlyList<string> Import()
    {
        string? folder = ModelsFolder.Locate(options.Value.ModelsDirectory);
        var ready = new List<string>();
        var missing = new List<string>();
        foreach (var space in SearchSpaces.All)
        {
            if (catalog.LatestRecord(space.Id) is not null)
            {
                ready.Add(space.Id);
                continue;
            }
            string? file = folder is null ? null : EdgeOpt.Learning.Persistence.PretrainedModels.LatencyPath(folder, space.Id);
            if (file is null || !File.Exists(file))
            {
                missing.Add(space.Id);
                continue;
            }
            try
            {
                var (bytes, loaded, draft) = ModelFiles.ReadPretrained(folder!, space, time.GetUtcNow().ToUnixTimeMilliseconds());
                if (loaded is not null) catalog.Add(draft, loaded);
                else catalog.AddSerialized(draft, bytes);
                ready.Add(space.Id);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
            {
                logger.LogWarning("Pretrained latency model {File} not imported: {Reason}", file, e.Message);
                missing.Add(space.Id);
            }
        }
        if (missing.Count > 0)
        {
            logger.LogInformation(
                "No latency predictor for {Spaces} (models folder: {Folder}): Predict answers FailedPrecondition and new devices get spread signature sets there until Predictor.Train makes one",
                string.Join(", ", missing), folder ?? $"none at {options.Value.ModelsDirectory ?? Path.Combine(AppContext.BaseDirectory, "models")}");
        }
        return ready;
    }
}

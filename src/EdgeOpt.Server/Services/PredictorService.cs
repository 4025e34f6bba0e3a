using System.Threading.Channels;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Predictors;
using EdgeOpt.Server.Services.Mapping;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services;

/// <summary>Predictor RPCs: requests are checked and mapped here; the work is in <see cref="Predictors"/>.</summary>
public sealed class PredictorService(
    Predictions predictions,
    PredictorTraining training,
    PredictorCatalog catalog,
    AccuracyModels accuracies,
    TimeProvider time) : Wire.Predictor.PredictorBase
{
    public const double MaxTop1 = 100;

    public override async Task<Wire.PredictResponse> Predict(Wire.PredictRequest request, ServerCallContext context)
    {
        var query = PredictMapping.ToQuery(request);
        var outcome = await predictions.PredictAsync(query, context.CancellationToken);
        return PredictMapping.ToProto(outcome, query);
    }

    public override async Task Train(Wire.TrainRequest request, IServerStreamWriter<Wire.TrainProgress> responseStream, ServerCallContext context)
    {
        if (request.Target is not (Wire.Metric.Unspecified or Wire.Metric.Latency))
            throw FleetException.Invalid($"target is {request.Target}; the server trains latency predictors only: METRIC_LATENCY (or unspecified)");
        var space = DesignRules.RequireSpace(request.Space, "space");
        var plan = new TrainingPlan(space.Id, request.DeviceIds, request.Seed);
        var ct = context.CancellationToken;

        // Training runs off the request thread; its progress comes back through a channel to this stream.
        var updates = Channel.CreateUnbounded<TrainingProgress>(new UnboundedChannelOptions { SingleReader = true });
        var progress = new Progress(updates.Writer);
        var run = Task.Run(() =>
        {
            try
            {
                return training.Train(plan, progress, ct);
            }
            finally
            {
                updates.Writer.TryComplete();
            }
        }, ct);
        await foreach (var update in updates.Reader.ReadAllAsync(ct))
            await responseStream.WriteAsync(new Wire.TrainProgress { Fraction = update.Fraction, Stage = update.Stage }, ct);
        var trained = await run;
        await responseStream.WriteAsync(new Wire.TrainProgress
        {
            Fraction = 1,
            Stage = $"done: {trained.Record.PredictorId} v{trained.Record.Version} is the latest",
            Card = ModelCardMapping.ToProto(trained.Record),
        }, ct);
    }

    public override Task<Wire.ModelCard> GetModelCard(Wire.GetModelCardRequest request, ServerCallContext context)
    {
        string id = request.PredictorId.Trim();
        if (id.Length == 0 || PredictorIds.SpaceOf(id) is not { } space)
            throw FleetException.Invalid($"predictor_id '{request.PredictorId}' is not a predictor; allowed: {string.Join(", ", PredictorIds.All)}");
        if (request.Version < 0) throw FleetException.Invalid($"version is {request.Version}; allowed: 0 (latest) or a version number >= 1");
        var version = request.Version == 0 ? catalog.LatestRecord(space) : catalog.Find(id, request.Version);
        if (version is null)
        {
            throw request.Version == 0
                ? FleetException.NotFound($"predictor '{id}' has no version yet: train one (edgeopt predictor train --space {space})")
                : FleetException.NotFound($"predictor '{id}' has no version {request.Version}; latest: {catalog.LatestRecord(space)?.Version.ToString() ?? "none"}");
        }
        return Task.FromResult(ModelCardMapping.ToProto(version));
    }

    public override Task<Wire.ReportAccuracyResponse> ReportAccuracy(Wire.ReportAccuracyRequest request, ServerCallContext context)
    {
        var design = DesignMapping.ToDomain(request.Design, "design");
        string dataset = request.Dataset.Trim().ToLowerInvariant();
        if (dataset.Length == 0 || dataset.Length > 64 || !dataset.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw FleetException.Invalid($"dataset '{request.Dataset}' is required: 1 to 64 letters, digits, '_' or '-' (for example cifar100)");
        if (!(request.Top1 >= 0 && request.Top1 <= MaxTop1))
            throw FleetException.Invalid($"top1 is {request.Top1}; allowed: a percentage in [0, 100]");
        accuracies.Report(dataset, design, request.Top1, time.GetUtcNow().ToUnixTimeMilliseconds());
        return Task.FromResult(new Wire.ReportAccuracyResponse { Accepted = true });
    }

    /// <summary>Reports progress to the channel without blocking the training (unbounded).</summary>
    private sealed class Progress(ChannelWriter<TrainingProgress> writer) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => writer.TryWrite(value);
    }
}

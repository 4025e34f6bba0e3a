using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services;

/// <summary>Predictor RPCs: mapped so callers get a clear Unimplemented until the learning side provides them.</summary>
public sealed class PredictorService : Wire.Predictor.PredictorBase
{
    public override Task<Wire.PredictResponse> Predict(Wire.PredictRequest request, ServerCallContext context) =>
        throw NotYet("Predictor.Predict");

    public override Task Train(Wire.TrainRequest request, IServerStreamWriter<Wire.TrainProgress> responseStream, ServerCallContext context) =>
        throw NotYet("Predictor.Train");

    public override Task<Wire.ModelCard> GetModelCard(Wire.GetModelCardRequest request, ServerCallContext context) =>
        throw NotYet("Predictor.GetModelCard");

    public override Task<Wire.ReportAccuracyResponse> ReportAccuracy(Wire.ReportAccuracyRequest request, ServerCallContext context) =>
        throw NotYet("Predictor.ReportAccuracy");

    internal static RpcException NotYet(string method) => new(new Status(StatusCode.Unimplemented,
        $"{method} is not served yet: this server stores the fleet and its measurements; predictors and optimizers arrive with the learning module"));
}

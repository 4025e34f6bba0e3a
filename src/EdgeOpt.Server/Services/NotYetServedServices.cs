using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services;

/// <summary>Optimizer RPCs: mapped so callers get a clear Unimplemented until the learning side provides them.</summary>
public sealed class OptimizerService : Wire.Optimizer.OptimizerBase
{
    public override Task<Wire.OptimizeResponse> Optimize(Wire.OptimizeRequest request, ServerCallContext context) =>
        throw NotYet("Optimizer.Optimize");

    public override Task OptimizeStream(Wire.OptimizeRequest request, IServerStreamWriter<Wire.OptimizeProgress> responseStream, ServerCallContext context) =>
        throw NotYet("Optimizer.OptimizeStream");

    internal static RpcException NotYet(string method) => new(new Status(StatusCode.Unimplemented,
        $"{method} is not served yet: this server stores the fleet and its measurements and predicts latency; optimizers arrive with the learning module"));
}

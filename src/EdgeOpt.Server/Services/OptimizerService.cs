using EdgeOpt.Server.Optimization;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services;

/// <summary>Optimizer RPCs: thin; the work is <see cref="DesignOptimization"/>, errors are mapped by the interceptor.</summary>
public sealed class OptimizerService(DesignOptimization optimization) : Wire.Optimizer.OptimizerBase
{
    public override Task<Wire.OptimizeResponse> Optimize(Wire.OptimizeRequest request, ServerCallContext context) =>
        optimization.RunAsync(request, null, context.CancellationToken);

    /// <summary>Streams (fraction, stage) as the work advances; the last message holds the result.</summary>
    public override async Task OptimizeStream(
        Wire.OptimizeRequest request, IServerStreamWriter<Wire.OptimizeProgress> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var gate = new SemaphoreSlim(1, 1);
        async Task Write(Wire.OptimizeProgress message)
        {
            await gate.WaitAsync(ct);
            try
            {
                await responseStream.WriteAsync(message, ct);
            }
            finally
            {
                gate.Release();
            }
        }

        var result = await optimization.RunAsync(
            request, (fraction, stage) => Write(new Wire.OptimizeProgress { Fraction = fraction, Stage = stage }), ct);
        await Write(new Wire.OptimizeProgress { Fraction = 1.0, Stage = "done", Result = result });
    }
}

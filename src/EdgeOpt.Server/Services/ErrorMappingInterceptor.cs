using EdgeOpt.Server.Domain;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EdgeOpt.Server.Services;

/// <summary>
/// Turns domain failures into gRPC statuses in one place, and any unexpected exception into Internal without
/// details (logged with its stack), so bad input never takes the server down.
/// </summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The RpcException to throw instead of <paramref name="e"/>; null to let it pass unchanged.</summary>
    private RpcException? Map(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case RpcException rpc:
                logger.LogInformation("{Method} ended with {StatusCode}: {Detail}", context.Method, rpc.StatusCode, rpc.Status.Detail);
                return null;
            case FleetException fleet:
                var code = ToStatusCode(fleet.Error);
                logger.LogInformation("{Method} refused with {StatusCode}: {Detail}", context.Method, code, fleet.Message);
                return new RpcException(new Status(code, fleet.Message));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            default:
                logger.LogError(e, "{Method} failed unexpectedly", context.Method);
                return new RpcException(new Status(StatusCode.Internal,
                    $"internal error in {context.Method} (logged on the server at {DateTimeOffset.UtcNow:O})"));
        }
    }

    public static StatusCode ToStatusCode(FleetError error) => error switch
    {
        FleetError.Invalid => StatusCode.InvalidArgument,
        FleetError.NotFound => StatusCode.NotFound,
        FleetError.AlreadyExists => StatusCode.AlreadyExists,
        FleetError.Precondition => StatusCode.FailedPrecondition,
        FleetError.Exhausted => StatusCode.ResourceExhausted,
        FleetError.Denied => StatusCode.PermissionDenied,
        _ => StatusCode.Unknown,
    };
}

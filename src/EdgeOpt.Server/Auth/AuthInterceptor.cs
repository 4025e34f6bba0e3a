using EdgeOpt.Server.Domain;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EdgeOpt.Server.Auth;

/// <summary>
/// Authenticates the bearer token of every call and checks the caller's role against <see cref="MethodRoles"/>.
/// Missing, unknown or revoked token: Unauthenticated. Role not allowed: PermissionDenied.
/// Per-device checks (an agent touching another device) happen where the device is known.
/// </summary>
public sealed class AuthInterceptor(TokenService tokens, ILogger<AuthInterceptor> logger) : Interceptor
{
    private const string Scheme = "Bearer ";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        string method = context.Method;
        if (MethodRoles.IsAnonymous(method)) return;

        if (!MethodRoles.Table.TryGetValue(method, out var roles))
        {
            logger.LogWarning("Refused {Method}: the method has no entry in the role table", method);
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"method {method} is not open to any role on this server"));
        }

        string? header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrWhiteSpace(header))
            throw Unauthenticated("missing token: send the header 'authorization: Bearer <token>'");
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length <= Scheme.Length)
            throw Unauthenticated("the authorization header must read 'Bearer <token>'");

        var token = tokens.Authenticate(header[Scheme.Length..].Trim());
        if (token is null) throw Unauthenticated("unknown token");
        if (token.RevokedUnixMs is not null) throw Unauthenticated($"token '{token.Id}' has been revoked");

        if (!roles.Contains(token.Role))
        {
            logger.LogInformation("Refused {Method} to token {TokenId} with role {Role}", method, token.Id, token.Role);
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"{method} needs role {string.Join(" or ", roles.Select(RoleName))}; token '{token.Id}' has role {RoleName(token.Role)}"));
        }

        context.UserState[Caller.ContextKey] = new Caller(token.Id, token.Role, token.DeviceId);
    }

    private static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));

    private static string RoleName(Role role) => role.ToString().ToLowerInvariant();
}

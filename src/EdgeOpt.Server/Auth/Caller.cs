using EdgeOpt.Server.Domain;
using Grpc.Core;

namespace EdgeOpt.Server.Auth;

/// <summary>Who is calling, as established by <see cref="AuthInterceptor"/> from the bearer token.</summary>
/// <param name="TokenId">The token's id (never its secret).</param>
/// <param name="Role">The token's role.</param>
/// <param name="DeviceId">For agents, the one device they act for; empty otherwise.</param>
public sealed record Caller(string TokenId, Role Role, string DeviceId)
{
    internal const string ContextKey = "edgeopt.caller";

    /// <summary>The agent's device; PermissionDenied for callers that are not agents.</summary>
    public string RequireAgentDevice() =>
        Role == Role.Agent && DeviceId.Length > 0
            ? DeviceId
            : throw FleetException.Denied($"this call is for agent tokens; the token '{TokenId}' has role {Role.ToString().ToLowerInvariant()}");
}

public static class CallerContextExtensions
{
    /// <summary>The caller set by <see cref="AuthInterceptor"/>; throws when the method was not authenticated.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(Caller.ContextKey, out var value) && value is Caller caller
            ? caller
            : throw new InvalidOperationException($"no caller on {context.Method}: the method is missing from the role table");
}

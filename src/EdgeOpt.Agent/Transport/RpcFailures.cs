using Grpc.Core;

namespace EdgeOpt.Agent.Transport;

/// <summary>How the agent treats a failed call.</summary>
public static class RpcFailures
{
    /// <summary>
    /// The server will not take this agent as it is (bad or revoked token, device not allowed): retrying cannot
    /// help, so the agent stops.
    /// </summary>
    public static bool IsRejection(StatusCode code) => code is StatusCode.Unauthenticated or StatusCode.PermissionDenied;

    /// <summary>
    /// Worth sending again, unchanged: the server was unreachable, slow, overloaded or failed on its side. Reports
    /// are idempotent, so a retry after a lost answer does no harm.
    /// </summary>
    public static bool IsTransient(StatusCode code) => code is StatusCode.Unavailable or StatusCode.DeadlineExceeded
        or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown;

    /// <summary>"Unavailable: detail" (first line of the detail).</summary>
    public static string Describe(RpcException e)
    {
        var detail = e.Status.Detail.Split('\n', 2)[0].Trim();
        return detail.Length == 0 ? e.StatusCode.ToString() : $"{e.StatusCode}: {detail}";
    }
}

/// <summary>The server rejected the agent (see <see cref="RpcFailures.IsRejection"/>); the agent stops.</summary>
public sealed class AgentRejectedException(string message, Exception? inner = null) : Exception(message, inner);

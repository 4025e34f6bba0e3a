using Grpc.Core;

namespace EdgeOpt.Cli.Client;

/// <summary>One line for a failed call: the status code and the server's message, plus a hint where one helps.</summary>
internal static class RpcErrorText
{
    public static string Describe(RpcException e, ClientSettings settings)
    {
        string detail = string.IsNullOrWhiteSpace(e.Status.Detail) ? "(no message)" : e.Status.Detail.Trim();
        return e.StatusCode switch
        {
            StatusCode.Unavailable =>
                $"Unavailable: cannot reach the server at {settings.Server} ({detail}); is `edgeopt serve` running there? (--server)",
            StatusCode.DeadlineExceeded =>
                $"DeadlineExceeded: no answer from {settings.Server} within {settings.Timeout.TotalSeconds:0.###} s (--timeout)",
            StatusCode.Unauthenticated =>
                $"Unauthenticated: {detail} (check --token, ${ClientOptions.TokenVariable} or --data)",
            _ => $"{e.StatusCode}: {detail}",
        };
    }
}

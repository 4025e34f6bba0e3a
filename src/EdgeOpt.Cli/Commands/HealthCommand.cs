using System.CommandLine;
using EdgeOpt.Cli.Client;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt health [--server URL]`: asks the server's gRPC health service (no token needed) and exits 0 when it
/// answers SERVING, 1 otherwise. The container image uses it as its HEALTHCHECK.
/// </summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var server = new Option<string?>("--server") { Description = $"Server URL (default: ${ClientOptions.ServerVariable} or {ClientOptions.DefaultServerUrl})." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the answer.", DefaultValueFactory = _ => 5 };
        var command = new Command("health", "Check that a server answers its gRPC health check (exit 0 when SERVING).") { server, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var url = parse.GetValue(server) ?? Environment.GetEnvironmentVariable(ClientOptions.ServerVariable) ?? ClientOptions.DefaultServerUrl;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                return CliErrors.Report($"--server: '{url}' is not an http:// or https:// URL");
            var seconds = parse.GetValue(timeout);
            if (!(seconds > 0)) return CliErrors.Report($"--timeout: must be > 0 seconds; got {seconds}");

            using var channel = GrpcChannel.ForAddress(uri);
            try
            {
                var reply = await new Health.HealthClient(channel).CheckAsync(
                    new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(seconds), cancellationToken: cancellationToken);
                Console.Out.WriteLine($"{url}: {reply.Status}");
                return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
            }
            catch (RpcException e)
            {
                CliConsole.WriteError($"{url}: {e.Status.StatusCode}: {e.Status.Detail}");
                return 1;
            }
        });
        return command;
    }
}

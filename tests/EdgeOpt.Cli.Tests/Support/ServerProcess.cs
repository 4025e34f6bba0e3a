using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.Support;

/// <summary>
/// `edgeopt serve` in its own process on 127.0.0.1, with a data folder that may outlive it (to restart on the
/// same store) and the bootstrap operator token it writes there. Test-side gRPC clients get a deadline on every call.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly GrpcChannel _channel;

    private ServerProcess(ChildProcess process, string address, string dataDirectory, string operatorToken)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
        OperatorToken = operatorToken;
        _channel = GrpcChannel.ForAddress(address);
    }

    public string Address { get; }
    public string DataDirectory { get; }
    public string OperatorToken { get; }
    public ChildProcess Process => _process;

    /// <summary>Operator client of the Fleet service.</summary>
    public Wire.Fleet.FleetClient Fleet => new(Invoker(OperatorToken));

    /// <summary>An Agent client speaking as the device whose agent token is <paramref name="agentToken"/>.</summary>
    public Wire.Agent.AgentClient Agent(string agentToken) => new(Invoker(agentToken));

    public async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync() =>
        (await new Health.HealthClient(_channel.Intercept(new DeadlineInterceptor(TimeSpan.FromSeconds(20)))).CheckAsync(new HealthCheckRequest())).Status;

    /// <summary>
    /// Starts `edgeopt serve --listen http://127.0.0.1:PORT --data DIR` plus <paramref name="settings"/>
    /// (--EdgeOpt:Server:NAME=VALUE) and waits until it listens. Port 0 picks a free one.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, int port = 0, params string[] settings)
    {
        var arguments = new List<string>
        {
            "serve", "--listen", $"http://127.0.0.1:{port}", "--data", dataDirectory,
            "--Logging:LogLevel:Default=Warning",
        };
        arguments.AddRange(settings);
        var process = ChildProcess.Start($"server-{Path.GetFileName(dataDirectory)}", BuiltTools.Cli, arguments);
        try
        {
            var line = await process.WaitForLineAsync(l => ListeningOn().IsMatch(l), TimeSpan.FromSeconds(60), "'listening on' line");
            string address = ListeningOn().Match(line).Groups[1].Value;
            string tokenFile = Path.Combine(dataDirectory, "operator.token");
            string token = (await File.ReadAllTextAsync(tokenFile)).Trim();
            return new ServerProcess(process, address, dataDirectory, token);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown, no dispose of the store.</summary>
    public Task KillAsync() => _process.KillAsync();

    private CallInvoker Invoker(string token) =>
        _channel.Intercept(new DeadlineInterceptor(TimeSpan.FromSeconds(20))).Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        });

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _process.DisposeAsync();
    }

    [GeneratedRegex(@"^edgeopt serve: listening on (http://\S+)$")]
    private static partial Regex ListeningOn();
}

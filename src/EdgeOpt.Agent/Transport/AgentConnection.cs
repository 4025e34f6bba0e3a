using EdgeOpt.Contracts.V1;
using AgentClient = EdgeOpt.Contracts.V1.Agent.AgentClient;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace EdgeOpt.Agent.Transport;

/// <summary>
/// The channel to the server: HTTP/2 (TLS for https, cleartext for http) with keep-alive pings so a job stream
/// whose server vanished without closing the connection is noticed, and the bearer token added as
/// <c>authorization: Bearer &lt;token&gt;</c> to every call. Model bytes can be large, so messages up to 256 MiB are accepted.
/// </summary>
public sealed class AgentConnection : IDisposable
{
    public const int MaxMessageBytes = 256 * 1024 * 1024;

    private readonly GrpcChannel _channel;

    private AgentConnection(GrpcChannel channel, AgentClient client)
    {
        _channel = channel;
        Client = client;
    }

    public AgentClient Client { get; }

    public static AgentConnection Open(Uri server, string token, TimeSpan? keepAlive = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var ping = keepAlive ?? TimeSpan.FromSeconds(30);
        var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                KeepAlivePingDelay = ping,
                KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = TimeSpan.FromSeconds(15),
            },
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        });
        var invoker = channel.Intercept(BearerToken(token));
        return new AgentConnection(channel, new AgentClient(invoker));
    }

    /// <summary>Adds the authorization header to a call's metadata.</summary>
    public static Func<Metadata, Metadata> BearerToken(string token)
    {
        var value = $"Bearer {token}";
        return metadata =>
        {
            metadata.Add("authorization", value);
            return metadata;
        };
    }

    public void Dispose() => _channel.Dispose();
}

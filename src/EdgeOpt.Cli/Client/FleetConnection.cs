using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Client;

/// <summary>
/// One channel to the server with the bearer token on every call. Calls take <see cref="Deadline"/> so none
/// waits longer than --timeout.
/// </summary>
internal sealed class FleetConnection : IDisposable
{
    /// <summary>Largest message accepted from the server (measurement streams are sent one message per measurement).</summary>
    public const int MaxReceiveBytes = 64 * 1024 * 1024;

    private readonly GrpcChannel _channel;

    private FleetConnection(ClientSettings settings, GrpcChannel channel, CallInvoker invoker)
    {
        Settings = settings;
        _channel = channel;
        Fleet = new Wire.Fleet.FleetClient(invoker);
        Optimizer = new Wire.Optimizer.OptimizerClient(invoker);
        Predictor = new Wire.Predictor.PredictorClient(invoker);
    }

    public ClientSettings Settings { get; }

    public Wire.Fleet.FleetClient Fleet { get; }

    public Wire.Optimizer.OptimizerClient Optimizer { get; }

    public Wire.Predictor.PredictorClient Predictor { get; }

    public static FleetConnection Open(ClientSettings settings)
    {
        var channel = GrpcChannel.ForAddress(settings.Server, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectTimeout = settings.Timeout, EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = MaxReceiveBytes,
        });
        return new FleetConnection(settings, channel, channel.Intercept(BearerToken(settings.Token)));
    }

    /// <summary>Now plus --timeout: the deadline of a call made now.</summary>
    public DateTime Deadline() => DateTime.UtcNow + Settings.Timeout;

    public static Func<Metadata, Metadata> BearerToken(string token)
    {
        string value = $"Bearer {token}";
        return metadata =>
        {
            metadata.Add("authorization", value);
            return metadata;
        };
    }

    public void Dispose() => _channel.Dispose();
}

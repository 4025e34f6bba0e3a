using System.Threading.Channels;

namespace EdgeOpt.Server.Predictors;

/// <summary>A request to (re)build a device's predictor in a space.</summary>
public sealed record DeviceModelingRequest(string DeviceId, string Space, string Reason);

/// <summary>
/// Devices waiting for their predictor: the report path adds a device when its signature set for a space is complete
/// and after each of its front measurements (never blocking: the queue is unbounded), the
/// <see cref="DeviceModelingWorker"/> takes them.
/// </summary>
public sealed class DeviceModelingQueue
{
    private readonly Channel<DeviceModelingRequest> _channel =
        Channel.CreateUnbounded<DeviceModelingRequest>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(string deviceId, string space, string reason) =>
        _channel.Writer.TryWrite(new DeviceModelingRequest(deviceId, space, reason));

    public ChannelReader<DeviceModelingRequest> Reader => _channel.Reader;
}

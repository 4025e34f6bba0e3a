using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Client;

/// <summary>Finds a device by id ("dev_…") or, failing that, by name (an active device before a retired one).</summary>
internal static class DeviceLookup
{
    public static async Task<Wire.Device> FindAsync(FleetConnection connection, string idOrName, CancellationToken cancellationToken)
    {
        string wanted = idOrName.Trim();
        if (wanted.Length == 0) throw new CliUsageException("a device id or name is required");
        try
        {
            return await connection.Fleet.GetDeviceAsync(
                new Wire.GetDeviceRequest { DeviceId = wanted }, deadline: connection.Deadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            var all = await connection.Fleet.ListDevicesAsync(
                new Wire.ListDevicesRequest { IncludeRetired = true }, deadline: connection.Deadline(), cancellationToken: cancellationToken);
            var named = all.Devices.Where(d => d.Name == wanted).OrderBy(d => d.State == Wire.DeviceState.Retired).FirstOrDefault();
            return named ?? throw new RpcException(new Status(StatusCode.NotFound, $"no device has the id or name '{wanted}'"));
        }
    }
}

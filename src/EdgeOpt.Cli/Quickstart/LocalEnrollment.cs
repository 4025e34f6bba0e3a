using EdgeOpt.Agent;
using EdgeOpt.Cli.Client;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>
/// Quickstart step: this machine registered as a device (or found from an earlier run) and enrolled with an agent
/// token, which makes the server queue its signature set.
/// </summary>
internal sealed class LocalEnrollment(QuickstartSteps steps)
{
    public async Task<(Wire.Device Device, string AgentToken)> EnrollAsync(Wire.Fleet.FleetClient fleet, Uri server, CancellationToken ct)
    {
        var settings = steps.Settings;
        var devices = (await fleet.ListDevicesAsync(new Wire.ListDevicesRequest(), deadline: QuickstartSteps.Deadline(), cancellationToken: ct)).Devices;
        Wire.Device device;
        string token;
        if (devices.FirstOrDefault(d => d.Name == settings.DeviceName) is { } existing)
        {
            device = existing;
            token = (await fleet.IssueTokenAsync(new Wire.IssueTokenRequest { Role = Wire.Role.Agent, DeviceId = existing.Id, Label = "quickstart" },
                deadline: QuickstartSteps.Deadline(), cancellationToken: ct)).Token;
            steps.Done($"this machine is device {device.Id} ({device.Name}) from an earlier run");
        }
        else
        {
            var request = new Wire.RegisterDeviceRequest { Name = settings.DeviceName, Description = new Wire.DeviceDescription() };
            request.Description.Labels["source"] = "quickstart";
            request.Spaces.Add(settings.Space);
            var registered = await fleet.RegisterDeviceAsync(request, deadline: QuickstartSteps.Deadline(), cancellationToken: ct);
            (device, token) = (registered.Device, registered.AgentToken);
            steps.Done($"registered this machine as device {device.Id} ({device.Name})");
        }
        // Enrolling now queues the signature set, so replay devices can be given its architectures before it is measured.
        using var channel = GrpcChannel.ForAddress(server);
        var agent = new Wire.Agent.AgentClient(channel.Intercept(FleetConnection.BearerToken(token)));
        await agent.EnrollAsync(new Wire.EnrollRequest { AgentVersion = AgentWorker.AgentVersion, Mode = "measure" }, deadline: QuickstartSteps.Deadline(), cancellationToken: ct);
        return (device, token);
    }
}

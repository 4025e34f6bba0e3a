using System.CommandLine;
using EdgeOpt.Cli.Client;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>`edgeopt device retire ID`: open jobs fail, agent tokens are revoked; the measurements stay.</summary>
internal static class DeviceRetireCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var device = new Argument<string>("ID") { Description = "The device's id (dev_…) or name." };
        var reason = new Option<string?>("--reason") { Description = "Why it is retired (kept with the device)." };
        var command = new Command("retire", "Retire a device: its open jobs fail and its agent tokens stop working.") { device, reason };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            var found = await DeviceLookup.FindAsync(connection, parse.GetValue(device)!, token);
            var retired = await connection.Fleet.RetireDeviceAsync(
                new Wire.RetireDeviceRequest { DeviceId = found.Id, Reason = parse.GetValue(reason) ?? "" },
                deadline: connection.Deadline(), cancellationToken: token);
            if (connection.Settings.Json)
            {
                CliConsole.WriteJson(retired);
                return 0;
            }
            CliConsole.Out.MarkupLineInterpolated(
                $"Device [bold]{retired.Id}[/] '{retired.Name}' is {Display.State(retired.State)}; its agent tokens are revoked and its open jobs failed.");
            return 0;
        }, ct));
        return command;
    }
}

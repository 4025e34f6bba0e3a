using System.CommandLine;
using EdgeOpt.Cli.Client;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>`edgeopt device list`: the fleet's devices in registration order.</summary>
internal static class DeviceListCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var all = new Option<bool>("--all") { Description = "Include retired devices." };
        var command = new Command("list", "List the fleet's devices.") { all };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            var response = await connection.Fleet.ListDevicesAsync(
                new Wire.ListDevicesRequest { IncludeRetired = parse.GetValue(all) }, deadline: connection.Deadline(), cancellationToken: token);
            if (connection.Settings.Json)
            {
                CliConsole.WriteJson(response);
                return 0;
            }
            if (response.Devices.Count == 0)
            {
                CliConsole.Out.MarkupLine("No devices. Register one with [bold]edgeopt device register --name NAME[/].");
                return 0;
            }
            var table = new Table().AddColumn(new TableColumn("id").NoWrap()).AddColumns("name", "state", "featured spaces", "last seen", "cpu");
            foreach (var d in response.Devices)
            {
                table.AddRow(
                    Markup.Escape(d.Id), Markup.Escape(d.Name), Display.State(d.State),
                    Markup.Escape(d.FeaturedSpaces.Count == 0 ? "-" : string.Join(", ", d.FeaturedSpaces)),
                    Display.Time(d.LastSeenUnixMs),
                    Markup.Escape(d.Description is { CpuModel.Length: > 0 } desc ? $"{desc.CpuModel} ({desc.CpuCores} cores)" : "-"));
            }
            CliConsole.Out.Write(table);
            return 0;
        }, ct));
        return command;
    }
}

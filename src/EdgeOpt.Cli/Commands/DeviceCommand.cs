using System.CommandLine;

namespace EdgeOpt.Cli.Commands;

/// <summary>`edgeopt device`: register, list, show and retire the devices of the fleet.</summary>
internal static class DeviceCommand
{
    public static Command Create() => new("device", "Register, list, show and retire fleet devices.")
    {
        DeviceRegisterCommand.Create(),
        DeviceListCommand.Create(),
        DeviceShowCommand.Create(),
        DeviceRetireCommand.Create(),
    };
}

using System.CommandLine;

namespace EdgeOpt.Cli.Commands;

/// <summary>`edgeopt measurements`: what the fleet has measured.</summary>
internal static class MeasurementsCommand
{
    public static Command Create() => new("measurements", "Measurements stored by the server.")
    {
        MeasurementsExportCommand.Create(),
    };
}

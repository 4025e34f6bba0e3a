using System.CommandLine;
using EdgeOpt.Cli.Client;
using EdgeOpt.Cli.Import;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt import --space nb201 data.csv`: stores a file of measurements in the import format in the server, one
/// device per column (registered when no active device has that name), as replayed measurements. The whole file is
/// checked first; a file with any problem imports nothing and the error names the line, the column and what is allowed.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var file = new Argument<string>("file") { Description = "CSV in the import format: 'arch', optional 'nb201_index', one column per device (ms)." };
        var space = new Option<string>("--space")
        {
            Description = $"Search space of the architectures ({string.Join(", ", SearchSpaces.Ids)}).",
            DefaultValueFactory = _ => Nb201Space.SpaceId,
        };
        var command = new Command("import", "Import measured latencies (the import format) into the server, one device per column.") { file, space };
        client.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            ImportPlan plan;
            try
            {
                string spaceId = parse.GetValue(space)!;
                if (!SearchSpaces.TryGet(spaceId, out _))
                    throw new CliUsageException($"--space: unknown search space '{spaceId}'; allowed: {string.Join(", ", SearchSpaces.Ids)}");
                plan = ImportPlan.Load(parse.GetValue(file)!, spaceId);
                foreach (var drift in plan.FindDrift(ct))
                    CliConsole.WriteWarning(FormattableString.Invariant(
                        $"device column '{drift.Device}': {drift.DriftShare:P0} of the residual of an additive model of its {drift.Rows} rows follows the file's row order (lag-1 {drift.Lag1:0.00}): its latencies drifted while it was recorded. That model ranks its rows at Spearman {drift.InSampleSrcc:0.00} ({drift.AfterDriftSrcc:0.00} once the drift is taken out), a rough ceiling for any predictor scored on this column. Re-measure it in rounds (edgeopt bench --rounds 3); see edgeopt eval ceiling."));
            }
            catch (Exception e) when (e is CliUsageException or MeasurementFormatException or FileNotFoundException or IOException)
            {
                CliConsole.WriteError(e.Message);
                return Task.FromResult(FleetCall.UsageError);
            }
            return FleetCall.RunAsync(parse, client, async (connection, token) =>
            {
                var console = CliConsole.Out;
                var importer = new MeasurementImporter(connection.Fleet, connection.Settings.Server, connection.Settings.Timeout)
                {
                    DeviceDone = r =>
                    {
                        if (connection.Settings.Json) return;
                        console.MarkupLineInterpolated(
                            $"{(r.Registered ? "registered" : "existing")} device [bold]{r.Device}[/] ({r.DeviceId}): {r.Accepted} stored, {r.Duplicates} already there, signature jobs {r.SignatureJobsAnswered} answered / {r.SignatureJobsFailed} failed");
                    },
                };
                if (!connection.Settings.Json)
                    console.MarkupLineInterpolated($"Importing {plan.CellCount} latencies of {plan.Columns.Count} device column(s) from {plan.SourceName} ({plan.Space})...");
                var results = await importer.ImportAsync(plan, token);
                if (connection.Settings.Json)
                {
                    CliConsole.WriteJson(System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(results))!);
                    return 0;
                }
                console.MarkupLineInterpolated($"Imported {results.Sum(r => r.Accepted)} measurements into {results.Count} device(s).");
                return 0;
            }, ct);
        });
        return command;
    }
}

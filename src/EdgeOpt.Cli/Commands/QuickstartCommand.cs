using System.CommandLine;
using EdgeOpt.Cli.Client;
using EdgeOpt.Cli.Quickstart;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt quickstart`: the main job in one command on this machine (see <see cref="QuickstartRunner"/>). Writes
/// model.onnx, report.md, report.html and pareto.png into --out. Exit codes: 0 done, 1 something needed is missing
/// or failed (one line says what to do), 2 unusable options, 130 cancelled.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for model.onnx and the report.", DefaultValueFactory = _ => "./edgeopt-out", HelpName = "DIR" };
        var data = new Option<string>("--data") { Description = "Data folder of the in-process server (LiteDB, operator token, server.log).", DefaultValueFactory = _ => "./edgeopt-data", HelpName = "DIR" };
        var replay = new Option<string?>("--replay") { Description = "A recording in the import format whose devices join the fleet (for example ../shared/data/nb201/latency.csv).", HelpName = "CSV" };
        var replayDevices = new Option<string[]>("--replay-devices") { Description = "Device columns of --replay to enroll (comma-separated; default: its first three).", HelpName = "A,B,C" };
        var replayRows = new Option<int>("--replay-rows") { Description = "Architectures imported per replay device (a seeded sample; the server models each replay device, which takes longer the more it has).", DefaultValueFactory = _ => 150 };
        var budget = new Option<double?>("--budget-ms") { Description = "Latency budget in ms (default: the median of this machine's signature latencies).", HelpName = "MS" };
        var space = new Option<string>("--space") { Description = $"Search space ({string.Join(", ", SearchSpaces.Ids)}).", DefaultValueFactory = _ => Nb201Space.SpaceId };
        var dataset = new Option<string>("--dataset") { Description = "Accuracy dataset (default: the server's).", DefaultValueFactory = _ => "" };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 0 };
        var deviceName = new Option<string>("--device-name") { Description = "This machine's name in the fleet.", DefaultValueFactory = _ => $"{Environment.MachineName.ToLowerInvariant()}-local" };
        var models = new Option<string?>("--models") { Description = "Folder of pretrained models (default: the models folder beside the program).", HelpName = "DIR" };
        var benchSeconds = new Option<double>("--bench-seconds") { Description = "Longest time one benchmark on this machine may take.", DefaultValueFactory = _ => 5 };

        var command = new Command("quickstart", "Measure this machine, find the best design under a latency budget, verify it here, and write the model and a report.")
        {
            output, data, replay, replayDevices, replayRows, budget, space, dataset, seed, deviceName, models, benchSeconds,
        };
        command.SetAction(async (parse, ct) =>
        {
            QuickstartSettings settings;
            try
            {
                string spaceId = parse.GetValue(space)!;
                if (!SearchSpaces.TryGet(spaceId, out var searchSpace))
                    throw new CliUsageException($"--space: unknown search space '{spaceId}'; allowed: {string.Join(", ", SearchSpaces.Ids)}");
                int rows = parse.GetValue(replayRows);
                if (rows < 10) throw new CliUsageException($"--replay-rows: is {rows}; allowed: 10 or more");
                double? budgetMs = parse.GetValue(budget);
                if (budgetMs is { } b && (!double.IsFinite(b) || b <= 0)) throw new CliUsageException($"--budget-ms: is {b}; allowed: a positive number of milliseconds");
                double seconds = parse.GetValue(benchSeconds);
                if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 600) throw new CliUsageException($"--bench-seconds: is {seconds}; allowed: more than 0 and at most 600");
                if (parse.GetValue(models) is { } folder && !Directory.Exists(folder))
                    throw new CliUsageException($"--models: folder '{folder}' does not exist; give a models folder (layout <space>/latency.model, see models/README.md)");
                string name = parse.GetValue(deviceName)!.Trim();
                if (name.Length == 0) throw new CliUsageException("--device-name: is empty; give this machine a name");
                settings = new QuickstartSettings(
                    parse.GetValue(output)!, parse.GetValue(data)!, parse.GetValue(replay),
                    (parse.GetValue(replayDevices) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList(),
                    rows, budgetMs, searchSpace.Id, parse.GetValue(dataset)!.Trim().ToLowerInvariant(), parse.GetValue(seed), name,
                    parse.GetValue(models), seconds, "edgeopt " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
            }
            catch (CliUsageException e)
            {
                CliConsole.WriteError(e.Message);
                return FleetCall.UsageError;
            }

            var console = CliConsole.Out;
            try
            {
                var files = await new QuickstartRunner(settings, console).RunAsync(ct);
                console.WriteLine();
                console.MarkupLine("[bold]Done.[/] Wrote:");
                foreach (var file in files) console.MarkupLineInterpolated($"  {file}");
                return 0;
            }
            catch (Exception e) when (e is QuickstartException or MeasurementFormatException or IOException)
            {
                CliConsole.WriteError(e.Message);
                return FleetCall.ServerError;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                CliConsole.WriteError("cancelled");
                return FleetCall.Cancelled;
            }
        });
        return command;
    }
}

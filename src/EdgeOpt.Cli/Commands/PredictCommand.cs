using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeOpt.Cli.Client;
using EdgeOpt.Core.Spaces;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt predict --device X --space nb201 (--arch A [--arch B ...] | --all) [--precision P] [--level 0.9] [--json PATH]`:
/// the server's predictions (latency with its interval, accuracy where the server has a source) for designs on a device.
/// </summary>
internal static class PredictCommand
{
    /// <summary>Rows printed as a table; larger answers print the fastest ones (all go to --json).</summary>
    public const int MaxTableRows = 25;

    public static Command Create()
    {
        var client = new ClientOptions { WithJsonFlag = false };
        var device = new Option<string>("--device") { Description = "The device, by id or name.", Required = true, HelpName = "ID" };
        var space = new Option<string>("--space") { Description = $"Search space: {string.Join(", ", SearchSpaces.Ids)}.", DefaultValueFactory = _ => "nb201" };
        var archs = new Option<string[]>("--arch") { Description = "Architecture to predict (canonical string; repeatable).", HelpName = "ARCH" };
        var all = new Option<bool>("--all") { Description = "Predict every architecture of the space (enumerable spaces: nb201, convnet)." };
        var precision = new Option<string>("--precision")
        {
            Description = "Precision policy of every design: fp32, fp16, int8, or one per slot joined by '-'.",
            DefaultValueFactory = _ => "fp32",
        };
        var level = new Option<double>("--level") { Description = "Interval coverage, strictly between 0 and 1.", DefaultValueFactory = _ => 0.9 };
        var json = new Option<string?>("--json") { Description = "Write every prediction as JSON to this file.", HelpName = "PATH" };
        var models = new Option<FileInfo[]>("--model")
        {
            Description = "An ONNX file to predict instead of designs (repeatable): latency (and energy where the device measured it) from the device's own measurements.",
            HelpName = "FILE",
        };
        var allowUnsupported = new Option<bool>("--allow-unsupported-operators")
        {
            Description = "With --model: cost operators the featurizer has no rule for as elementwise work (listed as warnings) instead of failing.",
        };
        var command = new Command("predict", "Predict latency (and accuracy) of designs on a device, with intervals.")
        {
            device, space, archs, all, precision, level, json, models, allowUnsupported,
        };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            if (!SearchSpaces.TryGet(parse.GetValue(space), out var searchSpace))
                throw new CliUsageException($"--space: unknown search space '{parse.GetValue(space)}'; allowed: {string.Join(", ", SearchSpaces.Ids)}");
            double coverage = parse.GetValue(level);
            if (!(coverage > 0 && coverage < 1)) throw new CliUsageException($"--level: is {coverage}; allowed: strictly between 0 and 1, e.g. 0.9");
            if (parse.GetValue(models) is { Length: > 0 } files)
            {
                if (parse.GetValue(archs) is { Length: > 0 } || parse.GetValue(all))
                    throw new CliUsageException("give either --model (ONNX files) or --arch/--all (designs), not both");
                return await PredictModelCommand.RunAsync(
                    connection, parse.GetValue(device)!, files, coverage, parse.GetValue(allowUnsupported), parse.GetValue(json), token);
            }
            var designs = Designs(searchSpace, parse.GetValue(archs) ?? [], parse.GetValue(all), parse.GetValue(precision)!);

            var found = await DeviceLookup.FindAsync(connection, parse.GetValue(device)!, token);
            var request = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = found.Id }, IntervalLevel = coverage };
            request.Targets.Add(designs.Select(d => new Wire.PredictTarget { Design = d }));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var response = await connection.Predictor.PredictAsync(request, deadline: connection.Deadline(), cancellationToken: token);
            watch.Stop();

            if (parse.GetValue(json) is { Length: > 0 } path) Write(path, found, designs, response);
            Print(found, designs, response, coverage, watch.Elapsed, parse.GetValue(json));
            return 0;
        }, ct));
        return command;
    }

    private static List<Wire.Design> Designs(ISearchSpace space, string[] archs, bool all, string precision)
    {
        if (all == (archs.Length > 0)) throw new CliUsageException("give either --arch (repeatable) or --all");
        QuantizationPolicy policy;
        try
        {
            policy = QuantizationPolicy.Parse(precision, space.PrecisionSlots);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CliUsageException($"--precision: {e.Message}");
        }
        IEnumerable<string> names;
        if (all)
        {
            try
            {
                names = space.Enumerate().Select(space.Format).ToList();
            }
            catch (NotSupportedException)
            {
                throw new CliUsageException($"--all: space '{space.Id}' is too large to enumerate; give --arch");
            }
        }
        else
        {
            names = archs;
        }
        var wirePrecisions = policy.Slots.All(p => p == Precision.Fp32)
            ? []
            : policy.Slots.Select(p => p switch { Precision.Fp16 => Wire.Precision.Fp16, Precision.Int8 => Wire.Precision.Int8, _ => Wire.Precision.Fp32 }).ToArray();
        return names.Select(a =>
        {
            var design = new Wire.Design { Space = space.Id, Arch = a };
            design.Precisions.Add(wirePrecisions);
            return design;
        }).ToList();
    }

    private static void Write(string path, Wire.Device device, List<Wire.Design> designs, Wire.PredictResponse response)
    {
        var predictions = new JsonArray();
        for (int i = 0; i < designs.Count; i++)
        {
            var p = response.Predictions[i];
            var item = new JsonObject
            {
                ["arch"] = designs[i].Arch,
                ["precisions"] = Display.Precisions(designs[i]),
                ["latency_ms"] = PredictionJson.Figure(p.LatencyMs),
            };
            if (p.Accuracy is not null) item["accuracy"] = PredictionJson.Figure(p.Accuracy);
            predictions.Add(item);
        }
        var root = new JsonObject
        {
            ["device"] = device.Id,
            ["predictor_id"] = response.PredictorId,
            ["predictor_version"] = response.PredictorVersion,
            ["method"] = response.Method,
            ["predictions"] = predictions,
        };
        PredictionJson.Write(path, root);
    }


    private static void Print(Wire.Device device, List<Wire.Design> designs, Wire.PredictResponse response, double level, TimeSpan took, string? json)
    {
        var order = Enumerable.Range(0, designs.Count).ToList();
        bool truncated = designs.Count > MaxTableRows;
        if (truncated) order = order.OrderBy(i => response.Predictions[i].LatencyMs.Value).Take(MaxTableRows).ToList();
        bool accuracy = response.Predictions.Any(p => p.Accuracy is not null);
        var table = new Table().AddColumn("arch").AddColumn("precisions").AddColumn(new TableColumn("latency ms").RightAligned())
            .AddColumn(new TableColumn($"{level:P0} interval").RightAligned());
        if (accuracy) table.AddColumn(new TableColumn("accuracy %").RightAligned());
        foreach (int i in order)
        {
            var p = response.Predictions[i];
            var cells = new List<string>
            {
                Markup.Escape(designs[i].Arch), Display.Precisions(designs[i]), Number(p.LatencyMs.Value), $"{Number(p.LatencyMs.Lower)} – {Number(p.LatencyMs.Upper)}",
            };
            if (accuracy) cells.Add(p.Accuracy is null ? "-" : $"{Number(p.Accuracy.Value)} ({Display.Provenance(p.Accuracy.Provenance)})");
            table.AddRow(cells.ToArray());
        }
        CliConsole.Out.Write(table);
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{designs.Count} predictions for {device.Name} ({device.Id}) by {response.PredictorId} v{response.PredictorVersion}, {response.Method}, in {took.TotalMilliseconds:F0} ms");
        if (truncated) summary += $"; the {MaxTableRows} fastest shown";
        if (json is { Length: > 0 }) summary += $"; all written to {Path.GetFullPath(json)}";
        else if (truncated) summary += "; write all with --json PATH";
        CliConsole.Out.WriteLine(summary);
    }

    private static string Number(double value) => value.ToString(value >= 100 ? "F1" : "F3", CultureInfo.InvariantCulture);
}

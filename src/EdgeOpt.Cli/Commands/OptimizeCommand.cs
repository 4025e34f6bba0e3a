using System.CommandLine;
using System.Globalization;
using EdgeOpt.Cli.Client;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization;
using Grpc.Core;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt optimize`: asks the server for the best design of a space for a registered device under a latency budget,
/// shows the progress, prints the design with its predicted (and, with --verify, measured) figures and their
/// provenance, and writes the ONNX model (--out) and the answer as JSON (--json PATH).
/// </summary>
internal static class OptimizeCommand
{
    /// <summary>How much longer than --timeout a verified call may take (the device benchmarks up to two designs).</summary>
    private static readonly TimeSpan VerificationAllowance = TimeSpan.FromMinutes(10);

    public static Command Create()
    {
        var client = new ClientOptions { WithJsonFlag = false };
        var device = new Option<string>("--device") { Description = "The device's id (dev_…) or name.", Required = true };
        var space = new Option<string>("--space") { Description = $"Search space: {string.Join(", ", SearchSpaces.Ids)}.", DefaultValueFactory = _ => "nb201" };
        var latency = new Option<double>("--latency-ms") { Description = "Latency budget in milliseconds.", Required = true };
        var energy = new Option<double?>("--energy-mj")
        {
            Description = "Energy budget in millijoules per inference (total); the device needs energy measurements (a meter).",
        };
        var precision = new Option<string>("--precision")
        {
            Description = "Precisions a slot may use, comma-separated: fp32, fp16, int8.",
            DefaultValueFactory = _ => "fp32",
        };
        var method = new Option<string?>("--method") { Description = $"Optimizer: {string.Join(", ", OptimizerMethods.Names)} (default: the best for the space)." };
        var dataset = new Option<string?>("--dataset") { Description = "Accuracy dataset (default: the server's for the space)." };
        var pareto = new Option<bool>("--pareto") { Description = "Also return the Pareto set of designs that fit." };
        var verify = new Option<bool>("--verify") { Description = "Benchmark the answer on the device's agent before answering." };
        var seed = new Option<int>("--seed") { Description = "Seed of the search and of the model's weights.", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo?>("--out") { Description = "Write the answer's ONNX model here." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the answer as JSON here (the ONNX bytes left out).", HelpName = "PATH" };

        var command = new Command("optimize", "Find the best design of a search space for a device under a latency budget (and optionally an energy budget, --energy-mj).")
        {
            device, space, latency, energy, precision, method, dataset, pareto, verify, seed, output, json,
        };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            var request = new Wire.OptimizeRequest
            {
                Space = parse.GetValue(space)!,
                Budgets = Budgets(parse.GetValue(latency), parse.GetValue(energy)),
                Method = parse.GetValue(method) ?? "",
                Pareto = parse.GetValue(pareto),
                VerifyOnDevice = parse.GetValue(verify),
                IncludeOnnx = parse.GetValue(output) is not null,
                Seed = parse.GetValue(seed),
                Objective = new Wire.Objective { AccuracyWeight = 1, AccuracyDataset = parse.GetValue(dataset) ?? "" },
            };
            request.AllowedPrecisions.Add(ParsePrecisions(parse.GetValue(precision)!));
            var found = await DeviceLookup.FindAsync(connection, parse.GetValue(device)!, token);
            request.Device = new Wire.DeviceRef { DeviceId = found.Id };

            var deadline = connection.Deadline() + (request.VerifyOnDevice ? VerificationAllowance : TimeSpan.Zero);
            var response = await StreamAsync(connection, request, deadline, token);
            Print(found, request, response);
            if (parse.GetValue(output) is { } file)
            {
                var bytes = response.Designs[0].OnnxModel.ToByteArray();
                Directory.CreateDirectory(Path.GetDirectoryName(file.FullName)!);
                await File.WriteAllBytesAsync(file.FullName, bytes, token);
                CliConsole.Out.MarkupLineInterpolated($"Wrote the ONNX model ({bytes.Length:N0} bytes) to {file.FullName}");
            }
            if (parse.GetValue(json) is { } path)
            {
                var copy = response.Clone();
                foreach (var d in copy.Designs) d.OnnxModel = Google.Protobuf.ByteString.Empty;
                Directory.CreateDirectory(Path.GetDirectoryName(path.FullName)!);
                await File.WriteAllTextAsync(path.FullName, CliConsole.ToJson(copy).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), token);
                CliConsole.Out.MarkupLineInterpolated($"Wrote the answer as JSON to {path.FullName}");
            }
            return 0;
        }, ct));
        return command;
    }

    /// <summary>The wire budgets; <see cref="CliUsageException"/> names --energy-mj when it is not a positive number.</summary>
    internal static Wire.Budgets Budgets(double latencyMs, double? energyMj)
    {
        var budgets = new Wire.Budgets { LatencyMs = latencyMs };
        if (energyMj is not { } e) return budgets;
        if (!(double.IsFinite(e) && e > 0))
            throw new CliUsageException($"--energy-mj is {e.ToString(CultureInfo.InvariantCulture)}; allowed: a finite energy > 0 (millijoules per inference)");
        budgets.EnergyMj = e;
        return budgets;
    }

    /// <summary>"fp32,int8" as wire precisions; <see cref="CliUsageException"/> names --precision and the allowed values.</summary>
    internal static Wire.Precision[] ParsePrecisions(string text)
    {
        var result = new List<Wire.Precision>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!PrecisionNames.TryParse(part, out var p))
                throw new CliUsageException($"--precision: '{part}' is not a precision; allowed: fp32, fp16, int8 (comma-separated)");
            var wire = p switch { Precision.Fp16 => Wire.Precision.Fp16, Precision.Int8 => Wire.Precision.Int8, _ => Wire.Precision.Fp32 };
            if (!result.Contains(wire)) result.Add(wire);
        }
        if (result.Count == 0) throw new CliUsageException("--precision: give at least one of fp32, fp16, int8");
        return result.ToArray();
    }

    private static async Task<Wire.OptimizeResponse> StreamAsync(
        FleetConnection connection, Wire.OptimizeRequest request, DateTime deadline, CancellationToken cancellationToken)
    {
        using var call = connection.Optimizer.OptimizeStream(request, deadline: deadline, cancellationToken: cancellationToken);
        Wire.OptimizeResponse? result = null;
        string? lastStage = null;
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var progress = call.ResponseStream.Current;
            if (progress.Result is not null) result = progress.Result;
            if (progress.Stage != lastStage && progress.Stage != "done")
                CliConsole.Out.MarkupLineInterpolated($"[grey][[{progress.Fraction,4:P0}]] {progress.Stage}[/]");
            lastStage = progress.Stage;
        }
        return result ?? throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, "the optimize stream ended without a result"));
    }

    private static void Print(Wire.Device device, Wire.OptimizeRequest request, Wire.OptimizeResponse response)
    {
        var budget = request.Budgets.LatencyMs.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
        if (request.Budgets.HasEnergyMj) budget += ", " + request.Budgets.EnergyMj.ToString("0.###", CultureInfo.InvariantCulture) + " mJ";
        CliConsole.Out.MarkupLineInterpolated(
            $"[bold]{response.Designs[0].Design.Space}[/] for [bold]{device.Name}[/] ({device.Id}) under {budget}: optimizer {response.Optimizer}, predictor {response.PredictorId}, {response.DecisionMs:0} ms");
        var withEnergy = response.Designs.Any(d => d.EnergyMj is not null);
        var table = new Table().AddColumns("#", "architecture", "precisions", "accuracy %", "latency ms");
        if (withEnergy) table.AddColumn("energy mJ");
        table.AddColumns("P(fits)", "measured ms");
        for (var i = 0; i < response.Designs.Count; i++)
        {
            var d = response.Designs[i];
            var cells = new List<Text>
            {
                new(i == 0 ? "answer" : i.ToString(CultureInfo.InvariantCulture)),
                new(d.Design.Arch),
                new(Display.Precisions(d.Design)),
                new(Figure(d.Accuracy, "0.##")),
                new(Figure(d.LatencyMs, "0.###")),
            };
            if (withEnergy) cells.Add(new Text(d.EnergyMj is { } e ? Figure(e, "0.###") : "-"));
            cells.Add(new Text(d.FitConfidence.ToString("0.###", CultureInfo.InvariantCulture)));
            cells.Add(new Text(d.VerifiedLatency is { } v ? v.MedianMs.ToString("0.###", CultureInfo.InvariantCulture) + " (measured)" : "-"));
            table.AddRow(cells);
        }
        CliConsole.Out.Write(table);
        foreach (var note in response.Notes) CliConsole.Out.MarkupLineInterpolated($"  - {note}");
    }

    /// <summary>"71.2 [69.1, 73.0] predicted by X".</summary>
    private static string Figure(Wire.Figure figure, string format)
    {
        var text = figure.Value.ToString(format, CultureInfo.InvariantCulture);
        if (figure.HasLower && figure.HasUpper && figure.Upper > figure.Lower)
            text += string.Create(CultureInfo.InvariantCulture, $" [{figure.Lower.ToString(format, CultureInfo.InvariantCulture)}, {figure.Upper.ToString(format, CultureInfo.InvariantCulture)}]");
        return $"{text} {Display.Provenance(figure.Provenance)} ({figure.Source})";
    }
}

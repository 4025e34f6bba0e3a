using System.Globalization;
using System.Text.Json.Nodes;
using EdgeOpt.Cli.Client;
using EdgeOpt.Core.Onnx;
using Google.Protobuf;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt predict --device D --model net.onnx [--model other.onnx] [--allow-unsupported-operators]`: the server
/// predicts each ONNX model's latency (and energy where the device measured it) from the device's own measurements.
/// Each model is sent without its weight values (<see cref="OnnxWeightStripping"/>): the server needs its graph and shapes.
/// </summary>
internal static class PredictModelCommand
{
    public static async Task<int> RunAsync(
        FleetConnection connection, string deviceName, FileInfo[] files, double level, bool allowUnsupported, string? json, CancellationToken token)
    {
        var request = new Wire.PredictRequest { IntervalLevel = level, AllowUnsupportedOperators = allowUnsupported };
        foreach (var file in files)
        {
            if (!file.Exists) throw new CliUsageException($"--model: no such file: {file.FullName}");
            // Only the graph and the weights' shapes matter for a cost: the weight values are dropped before sending, so a
            // model of any size (a 64 MB ResNet18) fits the server's message limit.
            byte[] costed;
            try
            {
                costed = OnnxWeightStripping.StripForCosting(await File.ReadAllBytesAsync(file.FullName, token));
            }
            catch (OnnxFeaturizationException e)
            {
                throw new CliUsageException($"--model {file.FullName}: {e.Message}");
            }
            request.Targets.Add(new Wire.PredictTarget { OnnxModel = ByteString.CopyFrom(costed) });
        }
        var device = await DeviceLookup.FindAsync(connection, deviceName, token);
        request.Device = new Wire.DeviceRef { DeviceId = device.Id };
        var response = await connection.Predictor.PredictAsync(request, deadline: connection.Deadline(), cancellationToken: token);

        if (json is { Length: > 0 }) Write(json, device, files, response);
        var table = new Table().AddColumn("model").AddColumn(new TableColumn("latency ms").RightAligned())
            .AddColumn(new TableColumn($"{level:P0} interval").RightAligned()).AddColumn(new TableColumn("energy mJ").RightAligned())
            .AddColumn("notes");
        for (int i = 0; i < files.Length; i++)
        {
            var p = response.Predictions[i];
            string energy = p.EnergyMj is { } e ? $"{Number(e.Value)} ({Number(e.Lower)} – {Number(e.Upper)})" : "- (not measured on this device)";
            var notes = new List<string>();
            if (p.Extrapolated) notes.Add("outside the measured range");
            notes.AddRange(p.Warnings);
            table.AddRow(Markup.Escape(files[i].Name), Number(p.LatencyMs.Value), $"{Number(p.LatencyMs.Lower)} – {Number(p.LatencyMs.Upper)}",
                energy, Markup.Escape(string.Join("; ", notes)));
        }
        CliConsole.Out.Write(table);
        CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{files.Length} ONNX model(s) on {device.Name} ({device.Id}) by {response.Method}: {response.Predictions.FirstOrDefault()?.LatencyMs.Source}"));
        return 0;
    }

    private static void Write(string path, Wire.Device device, FileInfo[] files, Wire.PredictResponse response)
    {
        var predictions = new JsonArray();
        for (int i = 0; i < files.Length; i++)
        {
            var p = response.Predictions[i];
            predictions.Add(new JsonObject
            {
                ["model"] = files[i].FullName,
                ["latency_ms"] = PredictionJson.Figure(p.LatencyMs),
                ["energy_mj"] = PredictionJson.Figure(p.EnergyMj),
                ["extrapolated"] = p.Extrapolated,
                ["warnings"] = new JsonArray(p.Warnings.Select(w => (JsonNode?)w).ToArray()),
            });
        }
        var root = new JsonObject
        {
            ["device"] = device.Id,
            ["predictor_id"] = response.PredictorId,
            ["method"] = response.Method,
            ["predictions"] = predictions,
        };
        PredictionJson.Write(path, root);
    }


    private static string Number(double value) => value.ToString(value >= 100 ? "F1" : "F3", CultureInfo.InvariantCulture);
}

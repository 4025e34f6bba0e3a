using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using EdgeOpt.Cli.Client;
using EdgeOpt.Cli.Export;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Runtime.Benchmarking;
using Grpc.Core;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt measurements export --device X --out file.csv`: the devices' measurements as a dataset in the import
/// format, with a .provenance.json sidecar holding every measurement in full (the CSV keeps only a number per cell).
/// </summary>
internal static class MeasurementsExportCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var devices = new Option<string[]>("--device") { Description = "Device to export, by id or name (repeatable: one column each).", Required = true, HelpName = "ID" };
        var space = new Option<string>("--space") { Description = $"Search space: {string.Join(", ", SearchSpaces.Ids)}.", DefaultValueFactory = _ => "nb201" };
        var precision = new Option<string>("--precision")
        {
            Description = "Precision policy of the exported cells: fp32, fp16, int8, or one per slot joined by '-'.",
            DefaultValueFactory = _ => "fp32",
        };
        var output = new Option<string>("--out") { Description = "CSV to write (import format); the sidecar is written beside it as .provenance.json.", Required = true, HelpName = "FILE" };
        var target = new Option<string>("--target")
        {
            Description = "What each cell holds: latency (median ms), energy (total mJ per inference) or dynamic-energy (mJ per inference above idle power).",
            DefaultValueFactory = _ => "latency",
        };
        target.AcceptOnlyFromAmong("latency", "energy", "dynamic-energy");
        var command = new Command("export", "Export measurements as a dataset in the import format, with a provenance sidecar.")
        {
            devices, space, precision, output, target,
        };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            if (!SearchSpaces.TryGet(parse.GetValue(space), out var searchSpace))
                throw new CliUsageException($"--space: unknown search space '{parse.GetValue(space)}'; allowed: {string.Join(", ", SearchSpaces.Ids)}");
            QuantizationPolicy policy;
            try
            {
                policy = QuantizationPolicy.Parse(parse.GetValue(precision)!, searchSpace.PrecisionSlots);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new CliUsageException($"--precision: {e.Message}");
            }
            string csvPath = Path.GetFullPath(parse.GetValue(output)!);
            string sidecarPath = BenchmarkSidecar.PathFor(csvPath);

            var found = new List<Wire.Device>();
            foreach (var wanted in parse.GetValue(devices)!)
            {
                var device = await DeviceLookup.FindAsync(connection, wanted, token);
                if (found.All(d => d.Id != device.Id)) found.Add(device);
            }
            var exported = new List<DeviceMeasurements>();
            foreach (var device in MeasurementExport.Columns(found))
                exported.Add(new DeviceMeasurements(device, await ReadAsync(connection, device.Id, searchSpace.Id, token)));

            var exportTarget = parse.GetValue(target) switch
            {
                "energy" => ExportTarget.TotalEnergy,
                "dynamic-energy" => ExportTarget.DynamicEnergy,
                _ => ExportTarget.Latency,
            };
            var result = MeasurementExport.Build(
                searchSpace, policy, exported, connection.Settings.Server.ToString(), DateTimeOffset.UtcNow, exportTarget);
            MeasurementCsv.Save(result.Table, csvPath);
            WriteSidecar(result.Sidecar, sidecarPath);

            if (connection.Settings.Json)
            {
                var devicesJson = new JsonArray();
                foreach (var d in result.Sidecar["devices"]!.AsArray()) devicesJson.Add(d!.DeepClone());
                CliConsole.WriteJson(new JsonObject
                {
                    ["csv"] = csvPath,
                    ["sidecar"] = sidecarPath,
                    ["space"] = searchSpace.Id,
                    ["precision"] = policy.ToString(),
                    ["target"] = MeasurementExport.TargetName(exportTarget),
                    ["unit"] = exportTarget == ExportTarget.Latency ? "ms" : "mJ",
                    ["rows"] = result.Table.RowCount,
                    ["cells"] = result.Cells,
                    ["measurements"] = result.Measurements,
                    ["devices"] = devicesJson,
                });
                return 0;
            }
            foreach (var d in exported.Where(d => result.Table.MeasuredRows(d.Device.Column).Length == 0))
                CliConsole.WriteWarning($"device {d.Device.Id} ('{d.Device.Name}') has no {searchSpace.Id} {policy} measurement{(exportTarget == ExportTarget.Latency ? "" : " with energy")}; its column is empty");
            CliConsole.Out.MarkupLineInterpolated(
                $"Wrote {result.Cells} {MeasurementExport.TargetName(exportTarget)} cell(s) in {(exportTarget == ExportTarget.Latency ? "ms" : "mJ")} ({result.Table.RowCount} architectures x {exported.Count} device(s)) to {csvPath}; provenance of all {result.Measurements} measurement(s) in {sidecarPath}.");
            return 0;
        }, ct));
        return command;
    }

    private static async Task<IReadOnlyList<Wire.Measurement>> ReadAsync(
        FleetConnection connection, string deviceId, string space, CancellationToken cancellationToken)
    {
        using var call = connection.Fleet.ListMeasurements(
            new Wire.ListMeasurementsRequest { DeviceId = deviceId, Space = space }, deadline: connection.Deadline(), cancellationToken: cancellationToken);
        var list = new List<Wire.Measurement>();
        await foreach (var m in call.ResponseStream.ReadAllAsync(cancellationToken)) list.Add(m);
        return list;
    }

    private static void WriteSidecar(JsonObject sidecar, string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, sidecar.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }
}

using System.Text.Json.Nodes;
using EdgeOpt.Cli.Client;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Export;

/// <summary>A device as exported: its id, its name, and the CSV column that holds it.</summary>
internal sealed record ExportDevice(string Id, string Name, string Column);

/// <summary>The measurements of one device, in the server's arrival order.</summary>
internal sealed record DeviceMeasurements(ExportDevice Device, IReadOnlyList<Wire.Measurement> Measurements);

/// <summary>
/// What an exported cell holds: the median latency (ms), or the energy per inference (mJ), total (idle power
/// included) or dynamic (idle power measured before the job subtracted).
/// </summary>
internal enum ExportTarget
{
    Latency,
    TotalEnergy,
    DynamicEnergy,
}

/// <summary>The import-format table and, since a cell cannot say where it comes from, the provenance sidecar.</summary>
internal sealed record ExportResult(MeasurementTable Table, JsonObject Sidecar, int Cells, int Measurements);

/// <summary>
/// Turns the server's measurements into the import format (one row per architecture, one column per device, the
/// median latency in each cell) plus a sidecar with every measurement in full: provenance, statistics, energy,
/// context, job, and whether it fills a cell. A cell takes the latest measurement of its architecture in the
/// exported precision; the others are kept in the sidecar with the reason they are not in the CSV.
/// </summary>
internal static class MeasurementExport
{
    public const string Schema = "edgeopt.measurement-export/1";

    /// <summary>The column a device gets: its name when that is a usable, not yet taken column name, else its id.</summary>
    public static IReadOnlyList<ExportDevice> Columns(IEnumerable<Wire.Device> devices)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ExportDevice>();
        foreach (var d in devices)
        {
            string column = MeasurementTable.DeviceNameProblem(d.Name) is null && !taken.Contains(d.Name) ? d.Name : d.Id;
            taken.Add(column);
            result.Add(new ExportDevice(d.Id, d.Name, column));
        }
        return result;
    }

    public static ExportResult Build(
        ISearchSpace space, QuantizationPolicy precision, IReadOnlyList<DeviceMeasurements> devices, string server, DateTimeOffset exportedAt,
        ExportTarget target = ExportTarget.Latency)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(precision);
        ArgumentNullException.ThrowIfNull(devices);

        var rows = new List<string>();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<(ExportDevice Device, string Arch, Wire.Measurement Measurement, string? Note)>();
        var cellOwner = new Dictionary<(string Column, string Arch), int>();

        foreach (var (device, measurements) in devices)
        {
            foreach (var m in measurements)
            {
                if (m.Design is null || !string.Equals(m.Design.Space, space.Id, StringComparison.OrdinalIgnoreCase)) continue;
                if (!space.TryParse(m.Design.Arch, out var architecture, out _))
                {
                    entries.Add((device, m.Design.Arch, m, $"not a {space.Id} architecture"));
                    continue;
                }
                string arch = space.Format(architecture!);
                string policy = PolicyOf(m.Design, space);
                if (policy != precision.ToString())
                {
                    entries.Add((device, arch, m, $"precision {policy}, not the exported {precision}"));
                    continue;
                }
                if (target != ExportTarget.Latency && m.Energy is null)
                {
                    entries.Add((device, arch, m, "no energy figure (the device reported no meter, or its meter failed)"));
                    continue;
                }
                if (!rowOf.ContainsKey(arch))
                {
                    rowOf[arch] = rows.Count;
                    rows.Add(arch);
                }
                // Arrival order: a later measurement of the same cell replaces the earlier one.
                if (cellOwner.TryGetValue((device.Column, arch), out var earlier))
                    entries[earlier] = entries[earlier] with { Note = "a later measurement of the same architecture fills the cell" };
                cellOwner[(device.Column, arch)] = entries.Count;
                entries.Add((device, arch, m, null));
            }
        }

        var ordered = space is Nb201Space nb201
            ? rows.OrderBy(a => nb201.IndexOf(nb201.Parse(a))).ToList()
            : rows;
        var finalRow = ordered.Select((arch, i) => (arch, i)).ToDictionary(p => p.arch, p => p.i, StringComparer.Ordinal);
        var columns = devices.Select(d =>
        {
            var cells = new double?[ordered.Count];
            foreach (var ((column, arch), index) in cellOwner)
                if (column == d.Device.Column) cells[finalRow[arch]] = CellValue(entries[index].Measurement, target);
            return new DeviceColumn(d.Device.Column, cells);
        }).ToList();
        IReadOnlyList<int>? indices = space is Nb201Space nb ? ordered.Select(a => nb.IndexOf(nb.Parse(a))).ToArray() : null;
        var table = new MeasurementTable(space.Id, ordered, indices, columns);

        var sidecarDevices = new JsonArray();
        foreach (var (device, measurements) in devices)
        {
            sidecarDevices.Add(new JsonObject
            {
                ["id"] = device.Id,
                ["name"] = device.Name,
                ["column"] = device.Column,
                ["measurements"] = entries.Count(e => e.Device.Column == device.Column),
                ["cells"] = cellOwner.Keys.Count(k => k.Column == device.Column),
            });
        }
        var sidecarMeasurements = new JsonArray();
        foreach (var (device, arch, m, note) in entries)
        {
            sidecarMeasurements.Add(new JsonObject
            {
                ["column"] = device.Column,
                ["arch"] = arch,
                ["precision"] = PolicyOf(m.Design, space),
                ["provenance"] = Display.Provenance(m.Provenance),
                ["inCsv"] = note is null,
                ["note"] = note,
                ["measurement"] = CliConsole.ToJson(m),
            });
        }
        var sidecar = new JsonObject
        {
            ["schema"] = Schema,
            ["space"] = space.Id,
            ["precision"] = precision.ToString(),
            ["target"] = TargetName(target),
            ["unit"] = target == ExportTarget.Latency ? "ms" : "mJ",
            ["cell"] = CellDescription(target),
            ["server"] = server,
            ["exportedAt"] = exportedAt.UtcDateTime.ToString("O"),
            ["devices"] = sidecarDevices,
            ["measurements"] = sidecarMeasurements,
        };
        return new ExportResult(table, sidecar, cellOwner.Count, entries.Count);
    }

    /// <summary>The cell value of a measurement for a target (null when it lacks the figure).</summary>
    public static double? CellValue(Wire.Measurement m, ExportTarget target) => target switch
    {
        ExportTarget.Latency => m.Latency?.MedianMs,
        ExportTarget.TotalEnergy => m.Energy?.TotalMj,
        _ => m.Energy?.DynamicMj is > 0 ? m.Energy.DynamicMj : null,
    };

    public static string TargetName(ExportTarget target) => target switch
    {
        ExportTarget.Latency => "latency",
        ExportTarget.TotalEnergy => "energy",
        _ => "dynamic-energy",
    };

    private static string CellDescription(ExportTarget target) => target switch
    {
        ExportTarget.Latency => "latency.median_ms of the latest measurement of the architecture in this precision",
        ExportTarget.TotalEnergy =>
            "energy.total_mj (energy per inference, idle power included) of the latest measurement of the architecture in this precision that has energy",
        _ => "energy.dynamic_mj (energy per inference above the idle power measured before the job; empty when not above 0) of the latest " +
             "measurement of the architecture in this precision that has energy",
    };

    /// <summary>"fp32" for a design without precisions, else its quantization policy as the CLI writes it.</summary>
    private static string PolicyOf(Wire.Design design, ISearchSpace space) =>
        design.Precisions.Count == 0 ? QuantizationPolicy.Uniform(space.PrecisionSlots, Precision.Fp32).ToString() : Display.Precisions(design);
}

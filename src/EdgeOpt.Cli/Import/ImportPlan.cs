using System.Security.Cryptography;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation.Ceiling;

namespace EdgeOpt.Cli.Import;

/// <summary>One device column of an import: the device name and its measured cells (canonical architecture, ms).</summary>
internal sealed record ImportColumn(string Device, IReadOnlyList<(string Arch, double LatencyMs)> Cells);

/// <summary>
/// A measurement file read and checked whole before anything reaches the server: every architecture parses in the
/// space (stored in its canonical form), every cell is a latency, every device column is named properly. A file
/// with any problem throws <see cref="MeasurementFormatException"/> naming the line, the column and what is allowed,
/// so nothing is imported from it.
/// </summary>
internal sealed record ImportPlan(string Space, string SourceName, string ContentHash, IReadOnlyList<ImportColumn> Columns)
{
    public int CellCount => Columns.Sum(c => c.Cells.Count);

    public static ImportPlan Load(string path, string spaceId)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"measurement file '{path}' does not exist", path);
        var space = SearchSpaces.Get(spaceId);
        var table = MeasurementCsv.Load(path, space.Id, arch => space.TryParse(arch, out _, out var error) ? null : error);
        if (table.Devices.Count == 0)
            throw new MeasurementFormatException(path, 1, null,
                $"the header has no device column; expected '{MeasurementTable.ArchColumn}' followed by one column per device");
        var canonical = table.Architectures.Select(a =>
        {
            space.TryParse(a, out var architecture, out _);
            return space.Format(architecture!);
        }).ToArray();
        var columns = new List<ImportColumn>();
        foreach (var device in table.Devices)
        {
            var values = table.Column(device);
            var cells = new List<(string, double)>();
            for (int row = 0; row < values.Count; row++)
                if (values[row] is { } latency) cells.Add((canonical[row], latency));
            columns.Add(new ImportColumn(device, cells));
        }
        if (columns.All(c => c.Cells.Count == 0))
            throw new MeasurementFormatException(path, 1, null, "no cell holds a latency; every device column is empty");
        return new ImportPlan(space.Id, Path.GetFileName(path), Hash(path), columns);
    }

    /// <summary>
    /// The device columns whose recording drifted in file order (<see cref="RecordingDriftCheck"/>): their residual
    /// after an additive fit on their own rows follows the row order. Columns too short to judge are left out.
    /// </summary>
    public IReadOnlyList<RecordingDrift> FindDrift(CancellationToken cancellationToken)
    {
        var space = SearchSpaces.Get(Space);
        var drifted = new List<RecordingDrift>();
        foreach (var column in Columns)
        {
            if (column.Cells.Count == 0) continue;
            var table = new MeasurementTable(
                Space, column.Cells.Select(c => c.Arch).ToArray(), null,
                [new DeviceColumn(column.Device, column.Cells.Select(c => (double?)c.LatencyMs).ToArray())]);
            drifted.AddRange(RecordingDriftCheck.Find(space, table, cancellationToken));
        }
        return drifted;
    }

    /// <summary>The plan with only the named device columns, in the order given; unknown names are an error naming the columns.</summary>
    public ImportPlan WithDevices(IReadOnlyList<string> devices, string option)
    {
        var columns = new List<ImportColumn>();
        foreach (var name in devices)
        {
            var column = Columns.FirstOrDefault(c => c.Device == name)
                ?? throw new ArgumentException($"{option}: {SourceName} has no device column '{name}'; its columns are: {string.Join(", ", Columns.Select(c => c.Device))}");
            if (!columns.Contains(column)) columns.Add(column);
        }
        return this with { Columns = columns };
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

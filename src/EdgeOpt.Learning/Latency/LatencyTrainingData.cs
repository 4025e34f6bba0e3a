using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency;

/// <summary>
/// The known devices' measurements a latency model learns from: a table whose rows are parsed architectures of
/// one search space and whose columns are the known devices (possibly none). Cells that are empty or not
/// positive are treated as not measured.
/// </summary>
public sealed class LatencyTrainingData
{
    private LatencyTrainingData(ISearchSpace space, MeasurementTable table, Architecture[] architectures)
    {
        Space = space;
        Table = table;
        Architectures = architectures;
    }

    public ISearchSpace Space { get; }

    /// <summary>The measurements; row i belongs to <see cref="Architectures"/>[i].</summary>
    public MeasurementTable Table { get; }

    public IReadOnlyList<Architecture> Architectures { get; }

    public IReadOnlyList<string> Devices => Table.Devices;

    /// <summary>No known device: models then learn from each new device's own measurements.</summary>
    public static LatencyTrainingData None(ISearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return new LatencyTrainingData(space, new MeasurementTable(space.Id, [], null, []), []);
    }

    /// <summary>
    /// Training data from a measurement table.
    /// </summary>
    /// <param name="devices">Devices to learn from (all of the table's when null).</param>
    /// <param name="samplesPerDevice">
    /// At most this many measured cells per device may be used (chosen at random with <paramref name="seed"/>,
    /// independently per device); all when null.
    /// </param>
    public static LatencyTrainingData From(
        MeasurementTable table, ISearchSpace space, IEnumerable<string>? devices = null, int? samplesPerDevice = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(space);
        if (table.SpaceId != space.Id)
            throw new ArgumentException($"the table holds search space '{table.SpaceId}', not '{space.Id}'", nameof(table));
        if (samplesPerDevice is < 1)
            throw new ArgumentOutOfRangeException(nameof(samplesPerDevice), samplesPerDevice, "at least 1 measurement per device");
        var names = (devices ?? table.Devices).ToArray();
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"training device '{duplicate.Key}' is listed twice", nameof(devices));
        var architectures = new Architecture[table.RowCount];
        for (var row = 0; row < table.RowCount; row++)
        {
            if (!space.TryParse(table.Architectures[row], out var parsed, out var error))
                throw new ArgumentException($"row {row}: '{table.Architectures[row]}' is not a '{space.Id}' architecture: {error}", nameof(table));
            architectures[row] = parsed!;
        }

        var columns = new List<DeviceColumn>(names.Length);
        for (var d = 0; d < names.Length; d++)
        {
            var values = table.Column(names[d]).Select(v => v is > 0 ? v : null).ToArray();
            if (samplesPerDevice is { } limit)
            {
                var measured = Enumerable.Range(0, values.Length).Where(r => values[r] is not null).ToArray();
                if (measured.Length > limit)
                {
                    new Random(unchecked(seed * 7919 + d)).Shuffle(measured);
                    var keep = new HashSet<int>(measured.Take(limit));
                    for (var r = 0; r < values.Length; r++)
                        if (!keep.Contains(r)) values[r] = null;
                }
            }
            columns.Add(new DeviceColumn(names[d], values));
        }
        var selected = new MeasurementTable(table.SpaceId, table.Architectures, table.Nb201Indices, columns);
        return new LatencyTrainingData(space, selected, architectures);
    }

    /// <summary>Natural logarithms of one device's measured cells (NaN where not measured).</summary>
    public double[] LogColumn(string device)
    {
        var column = Table.Column(device);
        var logs = new double[column.Count];
        for (var r = 0; r < logs.Length; r++) logs[r] = column[r] is { } v ? Math.Log(v) : double.NaN;
        return logs;
    }
}

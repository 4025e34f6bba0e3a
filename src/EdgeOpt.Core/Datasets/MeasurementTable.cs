namespace EdgeOpt.Core.Datasets;

/// <summary>
/// Measurements of one search space: one row per architecture (its canonical string), an optional
/// NAS-Bench-201 index per row, and one column per device whose cells are latencies in milliseconds or null
/// (not measured). Immutable; row and column order are kept as given. Every cell is finite and >= 0,
/// architectures are distinct and device names are distinct.
/// </summary>
public sealed class MeasurementTable
{
    /// <summary>Header of the architecture column in the import format.</summary>
    public const string ArchColumn = "arch";

    /// <summary>Header of the optional NAS-Bench-201 index column.</summary>
    public const string Nb201IndexColumn = "nb201_index";

    private readonly string[] _architectures;
    private readonly int[]? _nb201Indices;
    private readonly string[] _devices;
    private readonly double?[][] _columns;
    private readonly Dictionary<string, int> _rowByArch;
    private readonly Dictionary<string, int> _columnByDevice;

    public MeasurementTable(
        string spaceId,
        IReadOnlyList<string> architectures,
        IReadOnlyList<int>? nb201Indices,
        IEnumerable<DeviceColumn> devices)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spaceId);
        ArgumentNullException.ThrowIfNull(architectures);
        ArgumentNullException.ThrowIfNull(devices);
        SpaceId = spaceId;

        _architectures = architectures.ToArray();
        _rowByArch = new Dictionary<string, int>(_architectures.Length, StringComparer.Ordinal);
        for (var row = 0; row < _architectures.Length; row++)
        {
            var arch = _architectures[row];
            if (string.IsNullOrWhiteSpace(arch))
                throw new ArgumentException($"architecture at row {row} is empty", nameof(architectures));
            if (!_rowByArch.TryAdd(arch, row))
                throw new ArgumentException(
                    $"architecture '{arch}' appears at rows {_rowByArch[arch]} and {row}; each may appear once",
                    nameof(architectures));
        }

        if (nb201Indices is not null)
        {
            if (nb201Indices.Count != _architectures.Length)
                throw new ArgumentException(
                    $"{nb201Indices.Count} NAS-Bench-201 indices for {_architectures.Length} rows", nameof(nb201Indices));
            var seen = new Dictionary<int, int>(nb201Indices.Count);
            for (var row = 0; row < nb201Indices.Count; row++)
            {
                var index = nb201Indices[row];
                if (index < 0)
                    throw new ArgumentException($"NAS-Bench-201 index at row {row} is {index}; indices are >= 0", nameof(nb201Indices));
                if (!seen.TryAdd(index, row))
                    throw new ArgumentException(
                        $"NAS-Bench-201 index {index} appears at rows {seen[index]} and {row}", nameof(nb201Indices));
            }
            _nb201Indices = nb201Indices.ToArray();
        }

        var deviceList = new List<string>();
        var columnList = new List<double?[]>();
        _columnByDevice = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in devices)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(devices));
            var problem = DeviceNameProblem(column.Device);
            if (problem is not null) throw new ArgumentException(problem, nameof(devices));
            if (!_columnByDevice.TryAdd(column.Device, deviceList.Count))
                throw new ArgumentException($"device '{column.Device}' is given twice", nameof(devices));
            ArgumentNullException.ThrowIfNull(column.Values, nameof(devices));
            if (column.Values.Count != _architectures.Length)
                throw new ArgumentException(
                    $"device '{column.Device}' has {column.Values.Count} cells for {_architectures.Length} rows", nameof(devices));
            var cells = column.Values.ToArray();
            for (var row = 0; row < cells.Length; row++)
            {
                if (cells[row] is { } v && !(double.IsFinite(v) && v >= 0))
                    throw new ArgumentException(
                        $"device '{column.Device}', row {row}: {v} is not a latency (finite and >= 0)", nameof(devices));
            }
            deviceList.Add(column.Device);
            columnList.Add(cells);
        }
        _devices = deviceList.ToArray();
        _columns = columnList.ToArray();
    }

    /// <summary>Id of the search space the architecture strings belong to ("nb201", "fbnet").</summary>
    public string SpaceId { get; }

    public int RowCount => _architectures.Length;

    /// <summary>Canonical architecture strings, one per row.</summary>
    public IReadOnlyList<string> Architectures => _architectures;

    /// <summary>NAS-Bench-201 index per row, or null when the table has no such column.</summary>
    public IReadOnlyList<int>? Nb201Indices => _nb201Indices;

    /// <summary>Device column names in table order.</summary>
    public IReadOnlyList<string> Devices => _devices;

    public bool HasDevice(string device) => _columnByDevice.ContainsKey(device);

    /// <summary>The cells of one device (null = not measured).</summary>
    /// <exception cref="KeyNotFoundException">No such device; the message lists the available ones.</exception>
    public IReadOnlyList<double?> Column(string device) => _columns[ColumnIndex(device)];

    /// <summary>One cell (null = not measured).</summary>
    public double? this[int row, string device]
    {
        get
        {
            var column = _columns[ColumnIndex(device)];
            if ((uint)row >= (uint)column.Length)
                throw new ArgumentOutOfRangeException(nameof(row), row, $"rows are 0..{column.Length - 1}");
            return column[row];
        }
    }

    /// <summary>Row of an architecture string, or -1.</summary>
    public int IndexOf(string architecture) =>
        _rowByArch.TryGetValue(architecture, out var row) ? row : -1;

    /// <summary>Rows, ascending, where the device has a value.</summary>
    public int[] MeasuredRows(string device) => MeasuredRows([device]);

    /// <summary>Rows, ascending, where every listed device has a value.</summary>
    public int[] MeasuredRows(IEnumerable<string> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var columns = devices.Select(d => _columns[ColumnIndex(d)]).ToArray();
        var rows = new List<int>(RowCount);
        for (var row = 0; row < RowCount; row++)
        {
            var all = true;
            foreach (var c in columns)
            {
                if (c[row] is null) { all = false; break; }
            }
            if (all) rows.Add(row);
        }
        return rows.ToArray();
    }

    /// <summary>The measured values of one device at the given rows; every one of them must hold a value.</summary>
    public double[] ValuesAt(string device, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var column = _columns[ColumnIndex(device)];
        var values = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if ((uint)row >= (uint)column.Length)
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"rows are 0..{column.Length - 1}");
            values[i] = column[row] ?? throw new InvalidOperationException(
                $"device '{device}' has no value at row {row} ('{_architectures[row]}')");
        }
        return values;
    }

    /// <summary>A table with the given rows, in the given order (each at most once).</summary>
    public MeasurementTable SelectRows(IEnumerable<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var picked = rows.ToArray();
        foreach (var row in picked)
        {
            if ((uint)row >= (uint)RowCount)
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"rows are 0..{RowCount - 1}");
        }
        return new MeasurementTable(
            SpaceId,
            picked.Select(r => _architectures[r]).ToArray(),
            _nb201Indices is null ? null : picked.Select(r => _nb201Indices[r]).ToArray(),
            _devices.Select((d, c) => new DeviceColumn(d, picked.Select(r => _columns[c][r]).ToArray())));
    }

    /// <summary>A table with the given devices only, in the given order.</summary>
    public MeasurementTable SelectDevices(IEnumerable<string> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var columns = devices.Select(d => new DeviceColumn(d, _columns[ColumnIndex(d)])).ToArray();
        return new MeasurementTable(SpaceId, _architectures, _nb201Indices, columns);
    }

    /// <summary>A table with one device column added at the end, or replaced in place when it exists.</summary>
    public MeasurementTable WithDevice(string device, IReadOnlyList<double?> values)
    {
        var columns = _devices.Select((d, c) => new DeviceColumn(d, _columns[c])).ToList();
        var replacement = new DeviceColumn(device, values);
        if (_columnByDevice.TryGetValue(device, out var existing)) columns[existing] = replacement;
        else columns.Add(replacement);
        return new MeasurementTable(SpaceId, _architectures, _nb201Indices, columns);
    }

    /// <summary>Why a device name cannot be a column, or null when it can.</summary>
    public static string? DeviceNameProblem(string? device)
    {
        if (string.IsNullOrWhiteSpace(device)) return "a device name must not be empty";
        if (device == ArchColumn || device == Nb201IndexColumn)
            return $"'{device}' is a reserved column name, not a device";
        if (device.Trim() != device) return $"device name '{device}' has leading or trailing whitespace";
        if (device.Any(char.IsControl)) return $"device name '{device}' contains a control character";
        return null;
    }

    private int ColumnIndex(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return _columnByDevice.TryGetValue(device, out var index)
            ? index
            : throw new KeyNotFoundException(
                $"no device column '{device}'; available devices: " +
                (_devices.Length == 0 ? "(none)" : string.Join(", ", _devices)));
    }
}

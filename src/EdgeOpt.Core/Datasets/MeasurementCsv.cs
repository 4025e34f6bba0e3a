using System.Globalization;
using System.Text;

namespace EdgeOpt.Core.Datasets;

/// <summary>
/// The import format (shared/data/README.md): a CSV with a header; column <c>arch</c> holds the canonical
/// architecture string, the optional column <c>nb201_index</c> a NAS-Bench-201 index, and every other column is
/// one device with latencies in milliseconds (finite, >= 0; empty = not measured). Numbers use the invariant
/// culture. Reading reports the first problem as a <see cref="MeasurementFormatException"/> naming the line,
/// the column, what was expected and what was found. Writing gives the same format back: <c>arch</c> first,
/// then <c>nb201_index</c> when the table has it, then the devices in table order; doubles in their shortest
/// round-trippable form; '\n' line ends.
/// </summary>
public static class MeasurementCsv
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Reads a file; errors name the path.</summary>
    /// <param name="path">CSV file.</param>
    /// <param name="spaceId">Search space the architectures belong to.</param>
    /// <param name="validateArchitecture">Returns an error message for a malformed architecture string, or null when it is fine; null skips the check.</param>
    public static MeasurementTable Load(string path, string spaceId, Func<string, string?>? validateArchitecture = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(reader, spaceId, validateArchitecture, path);
    }

    /// <summary>Reads a stream (UTF-8, BOM allowed); errors name <paramref name="sourceName"/>. The stream is left open.</summary>
    public static MeasurementTable Read(
        Stream stream, string spaceId, Func<string, string?>? validateArchitecture = null, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, true, 1 << 16, leaveOpen: true);
        return Read(reader, spaceId, validateArchitecture, sourceName);
    }

    /// <summary>Reads CSV text; errors name <paramref name="sourceName"/>.</summary>
    public static MeasurementTable Read(
        TextReader reader, string spaceId, Func<string, string?>? validateArchitecture = null, string sourceName = "<text>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(spaceId);
        var csv = new CsvRecordReader(reader, sourceName);
        var cells = new List<string>();

        if (!csv.TryRead(cells))
            throw new MeasurementFormatException(sourceName, 1, null,
                $"the input is empty; expected a header line with an '{MeasurementTable.ArchColumn}' column");
        var header = ReadHeader(cells, sourceName, csv.RecordLine);

        var architectures = new List<string>();
        var archLines = new Dictionary<string, int>(StringComparer.Ordinal);
        List<int>? nb201 = header.Nb201Index >= 0 ? new List<int>() : null;
        var nb201Lines = new Dictionary<int, int>();
        var columns = header.DeviceIndices.Select(_ => new List<double?>()).ToArray();

        while (csv.TryRead(cells))
        {
            var line = csv.RecordLine;
            if (cells.Count != header.Names.Length)
                throw new MeasurementFormatException(sourceName, line, null,
                    $"expected {header.Names.Length} cells as in the header, found {cells.Count}");

            var arch = cells[header.Arch];
            if (string.IsNullOrWhiteSpace(arch))
                throw new MeasurementFormatException(sourceName, line, MeasurementTable.ArchColumn,
                    "expected an architecture string, found an empty cell");
            if (validateArchitecture?.Invoke(arch) is { } archProblem)
                throw new MeasurementFormatException(sourceName, line, MeasurementTable.ArchColumn,
                    $"invalid architecture '{arch}': {archProblem}");
            if (!archLines.TryAdd(arch, line))
                throw new MeasurementFormatException(sourceName, line, MeasurementTable.ArchColumn,
                    $"architecture '{arch}' already appears on line {archLines[arch]}; each architecture may appear once");
            architectures.Add(arch);

            if (nb201 is not null)
            {
                var text = cells[header.Nb201Index].Trim();
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    throw new MeasurementFormatException(sourceName, line, MeasurementTable.Nb201IndexColumn,
                        $"expected a non-negative integer NAS-Bench-201 index, found '{cells[header.Nb201Index]}'");
                if (!nb201Lines.TryAdd(index, line))
                    throw new MeasurementFormatException(sourceName, line, MeasurementTable.Nb201IndexColumn,
                        $"NAS-Bench-201 index {index} already appears on line {nb201Lines[index]}");
                nb201.Add(index);
            }

            for (var d = 0; d < columns.Length; d++)
            {
                var position = header.DeviceIndices[d];
                columns[d].Add(ParseLatency(cells[position], sourceName, line, header.Names[position]));
            }
        }

        return new MeasurementTable(
            spaceId,
            architectures,
            nb201,
            header.DeviceIndices.Select((p, d) => new DeviceColumn(header.Names[p], columns[d])));
    }

    /// <summary>Writes the table to a file, replacing it only once the whole table is written.</summary>
    public static void Save(MeasurementTable table, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, Utf8NoBom, bufferSize: 1 << 16))
        {
            Write(table, writer);
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Writes the table as UTF-8 without BOM; the stream is left open.</summary>
    public static void Write(MeasurementTable table, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16, leaveOpen: true);
        Write(table, writer);
    }

    public static void Write(MeasurementTable table, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        var columns = table.Devices.Select(table.Column).ToArray();

        writer.Write(MeasurementTable.ArchColumn);
        if (table.Nb201Indices is not null)
        {
            writer.Write(',');
            writer.Write(MeasurementTable.Nb201IndexColumn);
        }
        foreach (var device in table.Devices)
        {
            writer.Write(',');
            writer.Write(Escape(device));
        }
        writer.Write('\n');

        Span<char> number = stackalloc char[32];
        for (var row = 0; row < table.RowCount; row++)
        {
            writer.Write(Escape(table.Architectures[row]));
            if (table.Nb201Indices is { } indices)
            {
                writer.Write(',');
                writer.Write(indices[row].ToString(CultureInfo.InvariantCulture));
            }
            foreach (var column in columns)
            {
                writer.Write(',');
                if (column[row] is not { } value) continue;
                if (!value.TryFormat(number, out var written, "R", CultureInfo.InvariantCulture))
                    throw new InvalidOperationException($"cannot format {value}");
                writer.Write(number[..written]);
            }
            writer.Write('\n');
        }
        writer.Flush();
    }

    private sealed record Header(string[] Names, int Arch, int Nb201Index, int[] DeviceIndices);

    private static Header ReadHeader(List<string> cells, string source, int line)
    {
        var names = new string[cells.Count];
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < cells.Count; i++)
        {
            var name = (i == 0 ? cells[i].TrimStart('\uFEFF') : cells[i]).Trim();
            if (name.Length == 0)
                throw new MeasurementFormatException(source, line, null,
                    $"header cell {i + 1} is empty; every column needs a name ('{MeasurementTable.ArchColumn}', '{MeasurementTable.Nb201IndexColumn}' or a device)");
            if (!positions.TryAdd(name, i))
                throw new MeasurementFormatException(source, line, name,
                    $"the column name appears twice in the header (cells {positions[name] + 1} and {i + 1}); column names must be unique");
            if (name != MeasurementTable.ArchColumn && name != MeasurementTable.Nb201IndexColumn
                && MeasurementTable.DeviceNameProblem(name) is { } problem)
                throw new MeasurementFormatException(source, line, name, problem);
            names[i] = name;
        }

        if (!positions.TryGetValue(MeasurementTable.ArchColumn, out var arch))
            throw new MeasurementFormatException(source, line, null,
                $"the header has no '{MeasurementTable.ArchColumn}' column; found columns: {string.Join(", ", names)}");
        var nb201 = positions.GetValueOrDefault(MeasurementTable.Nb201IndexColumn, -1);
        var devices = Enumerable.Range(0, names.Length).Where(i => i != arch && i != nb201).ToArray();
        return new Header(names, arch, nb201, devices);
    }

    private static double? ParseLatency(string cell, string source, int line, string column)
    {
        var text = cell.AsSpan().Trim();
        if (text.IsEmpty) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new MeasurementFormatException(source, line, column,
                $"expected a latency in milliseconds (a number, or an empty cell for not measured), found '{cell}'");
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new MeasurementFormatException(source, line, column,
                $"expected a finite latency in milliseconds, found '{cell}' ({(double.IsNaN(value) ? "not a number" : "infinite")})");
        if (value < 0)
            throw new MeasurementFormatException(source, line, column,
                $"expected a latency >= 0 milliseconds, found '{cell}' (negative)");
        return value + 0.0; // turns -0 into 0
    }

    private static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (cell.Length > 0 && (char.IsWhiteSpace(cell[0]) || char.IsWhiteSpace(cell[^1])))
            ? "\"" + cell.Replace("\"", "\"\"") + "\""
            : cell;
}

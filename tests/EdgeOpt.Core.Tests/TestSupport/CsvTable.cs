namespace EdgeOpt.Core.Tests.TestSupport;

/// <summary>
/// A header-first CSV read whole, for tests. No quoting: the measured-data files have none
/// (architecture strings contain no commas).
/// </summary>
public sealed class CsvTable
{
    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public static CsvTable Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path} is empty");
        var rows = new List<string[]>();
        int line = 1;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0) continue;
            var cells = text.Split(',');
            if (cells.Length != header.Length)
                throw new InvalidDataException($"{path} line {line} has {cells.Length} cells; the header has {header.Length}");
            rows.Add(cells);
        }
        return new CsvTable(header, rows);
    }

    public int ColumnIndex(string name)
    {
        for (int i = 0; i < Header.Count; i++)
            if (Header[i] == name) return i;
        throw new KeyNotFoundException($"no column '{name}'; columns: {string.Join(", ", Header)}");
    }

    public IEnumerable<string> Column(string name)
    {
        int index = ColumnIndex(name);
        return Rows.Select(r => r[index]);
    }
}

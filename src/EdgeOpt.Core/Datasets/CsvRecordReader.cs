using System.Text;

namespace EdgeOpt.Core.Datasets;

/// <summary>
/// Reads CSV records (RFC 4180: comma separated, cells optionally in double quotes with "" for a quote,
/// quoted cells may span lines). Blank lines are skipped. Tracks the line on which each record starts.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly string _source;
    private readonly StringBuilder _cell = new();
    private int _linesRead;

    public CsvRecordReader(TextReader reader, string source)
    {
        _reader = reader;
        _source = source;
    }

    /// <summary>1-based line on which the last record returned by <see cref="TryRead"/> starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Fills <paramref name="cells"/> with the next record; false at the end of input.</summary>
    public bool TryRead(List<string> cells)
    {
        cells.Clear();
        string? line;
        do
        {
            line = _reader.ReadLine();
            if (line is null) return false;
            _linesRead++;
        } while (string.IsNullOrWhiteSpace(line));

        RecordLine = _linesRead;
        var pos = 0;
        while (true)
        {
            if (pos < line.Length && line[pos] == '"')
            {
                (line, pos) = ReadQuoted(line, pos + 1);
                cells.Add(_cell.ToString());
                if (pos == line.Length) return true;
                if (line[pos] != ',')
                    throw new MeasurementFormatException(_source, _linesRead, null,
                        $"expected ',' or the end of the line after a closing quote, found '{line[pos]}'");
                pos++;
            }
            else
            {
                var comma = line.IndexOf(',', pos);
                if (comma < 0)
                {
                    cells.Add(line[pos..]);
                    return true;
                }
                cells.Add(line[pos..comma]);
                pos = comma + 1;
            }
        }
    }

    /// <summary>Reads a quoted cell's content into _cell; returns the line and position after the closing quote.</summary>
    private (string Line, int Position) ReadQuoted(string line, int pos)
    {
        _cell.Clear();
        while (true)
        {
            var quote = line.IndexOf('"', pos);
            if (quote < 0)
            {
                _cell.Append(line, pos, line.Length - pos).Append('\n');
                line = _reader.ReadLine()
                    ?? throw new MeasurementFormatException(_source, RecordLine, null,
                        "a quoted cell is never closed: expected a closing '\"' before the end of the file");
                _linesRead++;
                pos = 0;
                continue;
            }
            _cell.Append(line, pos, quote - pos);
            if (quote + 1 < line.Length && line[quote + 1] == '"')
            {
                _cell.Append('"');
                pos = quote + 2;
                continue;
            }
            return (line, quote + 1);
        }
    }
}

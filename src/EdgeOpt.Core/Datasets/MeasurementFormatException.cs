namespace EdgeOpt.Core.Datasets;

/// <summary>
/// A measurement CSV that does not follow the import format. The message names the source, the 1-based
/// line, the column (when one is at fault), what was expected and what was found.
/// </summary>
public sealed class MeasurementFormatException : FormatException
{
    public MeasurementFormatException(string source, int line, string? column, string problem)
        : base(Describe(source, line, column, problem))
    {
        SourceName = source;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>File path or the name the caller gave the stream.</summary>
    public string SourceName { get; }

    /// <summary>1-based line number (of the first line of the record when a quoted cell spans lines).</summary>
    public int Line { get; }

    /// <summary>Header name of the faulty column; null when the fault is the whole line.</summary>
    public string? Column { get; }

    /// <summary>The message without source, line and column.</summary>
    public string Problem { get; }

    private static string Describe(string source, int line, string? column, string problem) =>
        column is null ? $"{source}: line {line}: {problem}" : $"{source}: line {line}, column '{column}': {problem}";
}

using System.Text;
using System.Text.Json;

namespace EdgeOpt.Learning.Evaluation;

/// <summary>
/// What the evaluation reports' JSON writers share (evaluation guide): one indented object per report, undefined
/// numbers (NaN, infinite or absent) written as null, the text form, and saving to a file whose folder is created when
/// missing. Each report keeps its own field names and order.
/// </summary>
internal static class ReportJson
{
    /// <summary>Writes one indented JSON object whose members <paramref name="writeMembers"/> writes.</summary>
    public static void WriteObject(Stream stream, Action<Utf8JsonWriter> writeMembers)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        writeMembers(json);
        json.WriteEndObject();
    }

    /// <summary>What <paramref name="write"/> writes, as UTF-8 text.</summary>
    public static string ToText(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes a file with <paramref name="write"/>; its folder is created when missing.</summary>
    public static void Save(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var file = File.Create(full);
        write(file);
    }

    /// <summary>The members every evaluation task starts with (evaluation guide): task, space, samples, method.</summary>
    public static void WriteHeader(this Utf8JsonWriter json, string task, string space, int samples, string method)
    {
        json.WriteString("task", task);
        json.WriteString("space", space);
        json.WriteNumber("samples", samples);
        json.WriteString("method", method);
    }

    /// <summary>A number, or null when it is undefined (absent, NaN or infinite).</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    /// <summary>A time or similar figure rounded to 3 decimals, or null when undefined.</summary>
    public static void WriteRoundedOrNull(this Utf8JsonWriter json, string name, double value) =>
        json.WriteNumberOrNull(name, Math.Round(value, 3));

    /// <summary>The members srcc, kendall, mape, within10 and, when asked, coverage90 (undefined ones null).</summary>
    public static void WriteLatencyMetrics(this Utf8JsonWriter json, LatencyMetrics metrics, bool coverage90)
    {
        json.WriteNumberOrNull("srcc", metrics.Srcc);
        json.WriteNumberOrNull("kendall", metrics.Kendall);
        json.WriteNumberOrNull("mape", metrics.Mape);
        json.WriteNumberOrNull("within10", metrics.Within10);
        if (coverage90) json.WriteNumberOrNull("coverage90", metrics.Coverage90);
    }
}

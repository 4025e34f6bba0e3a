using System.Text;
using System.Text.Json;

namespace EdgeOpt.Learning.Evaluation;

/// <summary>One held-out device: its fold, its metrics averaged over seeds, and the per-seed results.</summary>
public sealed record LeaveDevicesOutRow(string Device, int Fold, LatencyMetrics Mean, IReadOnlyList<LatencyDeviceResult> PerSeed);

/// <summary>The result of <see cref="LeaveDevicesOut.Run"/>.</summary>
/// <param name="Mean">Mean over devices of the per-device means over seeds.</param>
/// <param name="MeanTrainSeconds">Mean training time of one fold and seed.</param>
/// <param name="MedianAdaptMilliseconds">Median time to adapt to one device's measurements (the median leaves out the first, just-in-time-compiling call).</param>
/// <param name="MedianPredictMilliseconds">Median time to predict every scored architecture of one device.</param>
public sealed record LeaveDevicesOutReport(
    string Space, string Method, int Samples, IReadOnlyList<int> Seeds, IReadOnlyList<IReadOnlyList<string>> Folds,
    IReadOnlyList<LeaveDevicesOutRow> Rows, LatencyMetrics Mean, double MeanTrainSeconds, double MedianAdaptMilliseconds,
    double MedianPredictMilliseconds, double Seconds)
{
    /// <summary>
    /// <c>{"task":"latency-folds","space","samples","method","seeds":[…],"folds":[[…]],
    /// "devices":{name:{fold,srcc,kendall,mape,within10,coverage90}},"mean":{srcc,kendall,mape,within10,coverage90},
    /// "train_seconds","adapt_ms","predict_ms","seconds"}</c>; metrics are means over seeds, undefined ones null;
    /// adapt_ms and predict_ms are medians over devices and seeds.
    /// </summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("task", "latency-folds");
        json.WriteString("space", Space);
        json.WriteNumber("samples", Samples);
        json.WriteString("method", Method);
        json.WriteStartArray("seeds");
        foreach (var seed in Seeds) json.WriteNumberValue(seed);
        json.WriteEndArray();
        json.WriteStartArray("folds");
        foreach (var fold in Folds)
        {
            json.WriteStartArray();
            foreach (var device in fold) json.WriteStringValue(device);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteStartObject("devices");
        foreach (var row in Rows)
        {
            json.WriteStartObject(row.Device);
            json.WriteNumber("fold", row.Fold);
            WriteMetrics(json, row.Mean);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("mean");
        WriteMetrics(json, Mean);
        json.WriteEndObject();
        Number(json, "train_seconds", Math.Round(MeanTrainSeconds, 3));
        Number(json, "adapt_ms", Math.Round(MedianAdaptMilliseconds, 3));
        Number(json, "predict_ms", Math.Round(MedianPredictMilliseconds, 3));
        Number(json, "seconds", Math.Round(Seconds, 3));
        json.WriteEndObject();
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteJson(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void SaveJson(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var file = File.Create(full);
        WriteJson(file);
    }

    private static void WriteMetrics(Utf8JsonWriter json, LatencyMetrics metrics)
    {
        Number(json, "srcc", metrics.Srcc);
        Number(json, "kendall", metrics.Kendall);
        Number(json, "mape", metrics.Mape);
        Number(json, "within10", metrics.Within10);
        Number(json, "coverage90", metrics.Coverage90);
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}

using System.Text;
using System.Text.Json;

namespace EdgeOpt.Learning.Evaluation;

/// <summary>The result on one new device.</summary>
/// <param name="Metrics">Over the architectures not measured.</param>
/// <param name="Measured">Cells read on the device.</param>
/// <param name="Scored">Architectures scored (measurable ones not measured).</param>
/// <param name="MeasuredArchitectures">The architectures measured, in the order measured.</param>
/// <param name="AdaptMilliseconds">Time to adapt the model to the measurements.</param>
/// <param name="PredictMilliseconds">Time to predict every scored architecture (wall clock, first call for the device).</param>
/// <param name="PredictCpuMilliseconds">CPU time the whole process spent meanwhile (every thread: the parallel
/// prediction blocks, and any JIT or garbage collection): the figure that load from other processes inflates least.</param>
public sealed record LatencyDeviceResult(
    string Device, LatencyMetrics Metrics, int Measured, int Scored, IReadOnlyList<string> MeasuredArchitectures,
    double AdaptMilliseconds, double PredictMilliseconds, double PredictCpuMilliseconds);

/// <summary>The result of one latency evaluation, and its JSON form (evaluation guide, section 1).</summary>
public sealed record LatencyEvaluationReport(
    string Space, int Samples, string Method, int Seed, string Target, IReadOnlyList<string> TrainDevices,
    IReadOnlyList<LatencyDeviceResult> Devices, LatencyMetrics Mean, double TrainSeconds, double Seconds)
{
    /// <summary>
    /// Writes <c>{"task":"latency","space","samples","method","seed","devices":{name:{srcc,kendall,mape,within10,measured}},
    /// "mean":{srcc,kendall,mape,within10},"seconds"}</c>. A metric that is undefined (e.g. a rank correlation of
    /// constant predictions) is written as null.
    /// </summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("task", "latency");
        json.WriteString("space", Space);
        json.WriteNumber("samples", Samples);
        json.WriteString("method", Method);
        json.WriteNumber("seed", Seed);
        json.WriteString("target", Target == "energy" ? "energy" : "latency");
        json.WriteString("unit", Unit);
        json.WriteStartObject("devices");
        foreach (var device in Devices)
        {
            json.WriteStartObject(device.Device);
            WriteMetrics(json, device.Metrics);
            json.WriteNumber("measured", device.Measured);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("mean");
        WriteMetrics(json, Mean);
        json.WriteEndObject();
        WriteNumber(json, "seconds", Math.Round(Seconds, 3));
        json.WriteEndObject();
    }

    /// <summary>The unit of the cells and predictions: "mJ" for the energy target, else "ms".</summary>
    public string Unit => Target == "energy" ? "mJ" : "ms";

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteJson(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the JSON to a file (its folder is created when missing).</summary>
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
        WriteNumber(json, "srcc", metrics.Srcc);
        WriteNumber(json, "kendall", metrics.Kendall);
        WriteNumber(json, "mape", metrics.Mape);
        WriteNumber(json, "within10", metrics.Within10);
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}

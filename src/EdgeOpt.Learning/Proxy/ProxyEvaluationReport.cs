using System.Text;
using System.Text.Json;

namespace EdgeOpt.Learning.Proxy;

/// <summary>The proxy workflow's result on one new device.</summary>
/// <param name="EstimatedSrcc">
/// The chosen proxy's Spearman correlation with the device on the first K measurements (the guide's estimated_srcc);
/// the estimate the decision rested on, after any extra rounds, is <see cref="ProxyDecision.ProxyEstimate"/>.
/// </param>
/// <param name="TrueSrcc">Spearman of the proxy's and the device's measured latencies over every architecture both have.</param>
/// <param name="AdaptedSrcc">Spearman of the final predictor (reused or adapted) against the device over all its measured architectures.</param>
/// <param name="Measured">Cells read on the device, extra ones included.</param>
/// <param name="MeasuredArchitectures">The architectures read, in the order read.</param>
/// <param name="Evidence">The full decision record.</param>
public sealed record ProxyDeviceResult(
    string Device, string Proxy, double EstimatedSrcc, double TrueSrcc, ProxyDecisionKind Decision, double AdaptedSrcc,
    int Measured, IReadOnlyList<string> MeasuredArchitectures, ProxyDecision Evidence)
{
    /// <summary>"reuse" or "adapt".</summary>
    public string DecisionName => Decision == ProxyDecisionKind.Reuse ? "reuse" : "adapt";
}

/// <summary>Means over devices (undefined values skipped).</summary>
public sealed record ProxyMeans(double EstimatedSrcc, double TrueSrcc, double AdaptedSrcc, double Measured)
{
    public static ProxyMeans Of(IReadOnlyList<ProxyDeviceResult> devices) => new(
        MeanOf(devices.Select(d => d.EstimatedSrcc)), MeanOf(devices.Select(d => d.TrueSrcc)),
        MeanOf(devices.Select(d => d.AdaptedSrcc)), MeanOf(devices.Select(d => (double)d.Measured)));

    private static double MeanOf(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? double.NaN : finite.Average();
    }
}

/// <summary>The result of one proxy evaluation, and its JSON form (evaluation guide, section 2, laid out as section 1).</summary>
/// <param name="Samples">K, the measurements before the first decision.</param>
/// <param name="LeaveOneDeviceOut">Whether each test device was evaluated with all other devices of the same table as the known ones.</param>
public sealed record ProxyEvaluationReport(
    string Space, int Samples, string Method, int Seed, string Target, ProxyOptions Options, bool LeaveOneDeviceOut,
    IReadOnlyList<ProxyDeviceResult> Devices, ProxyMeans Mean, double Seconds)
{
    /// <summary>
    /// Writes <c>{"task":"proxy","space","samples","method","seed",
    /// "devices":{name:{proxy,estimated_srcc,true_srcc,decision,adapted_srcc,measured}},
    /// "mean":{estimated_srcc,true_srcc,adapted_srcc,measured},"seconds"}</c>; undefined numbers are null.
    /// </summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("task", "proxy");
        json.WriteString("space", Space);
        json.WriteNumber("samples", Samples);
        json.WriteString("method", Method);
        json.WriteNumber("seed", Seed);
        json.WriteStartObject("devices");
        foreach (var device in Devices)
        {
            json.WriteStartObject(device.Device);
            json.WriteString("proxy", device.Proxy);
            Number(json, "estimated_srcc", device.EstimatedSrcc);
            Number(json, "true_srcc", device.TrueSrcc);
            json.WriteString("decision", device.DecisionName);
            Number(json, "adapted_srcc", device.AdaptedSrcc);
            json.WriteNumber("measured", device.Measured);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("mean");
        Number(json, "estimated_srcc", Mean.EstimatedSrcc);
        Number(json, "true_srcc", Mean.TrueSrcc);
        Number(json, "adapted_srcc", Mean.AdaptedSrcc);
        Number(json, "measured", Mean.Measured);
        json.WriteEndObject();
        Number(json, "seconds", Math.Round(Seconds, 3));
        json.WriteEndObject();
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteJson(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the JSON to a file (its folder is created when missing).</summary>
    public void SaveJson(string path) => Save(path, WriteJson);

    /// <summary>Writes every device's full decision record (a JSON array of <see cref="ProxyDecision"/>) to a file.</summary>
    public void SaveDecisions(string path) =>
        Save(path, stream => JsonSerializer.Serialize(stream, Devices.Select(d => d.Evidence).ToArray(), ProxyDecision.JsonOptions));

    private static void Save(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var file = File.Create(full);
        write(file);
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}

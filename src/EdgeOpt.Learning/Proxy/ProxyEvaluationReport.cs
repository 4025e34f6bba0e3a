using System.Text.Json;
using EdgeOpt.Learning.Evaluation;

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
    public void WriteJson(Stream stream) => ReportJson.WriteObject(stream, json =>
    {
        json.WriteHeader("proxy", Space, Samples, Method);
        json.WriteNumber("seed", Seed);
        json.WriteStartObject("devices");
        foreach (var device in Devices)
        {
            json.WriteStartObject(device.Device);
            json.WriteString("proxy", device.Proxy);
            json.WriteNumberOrNull("estimated_srcc", device.EstimatedSrcc);
            json.WriteNumberOrNull("true_srcc", device.TrueSrcc);
            json.WriteString("decision", device.DecisionName);
            json.WriteNumberOrNull("adapted_srcc", device.AdaptedSrcc);
            json.WriteNumber("measured", device.Measured);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("mean");
        json.WriteNumberOrNull("estimated_srcc", Mean.EstimatedSrcc);
        json.WriteNumberOrNull("true_srcc", Mean.TrueSrcc);
        json.WriteNumberOrNull("adapted_srcc", Mean.AdaptedSrcc);
        json.WriteNumberOrNull("measured", Mean.Measured);
        json.WriteEndObject();
        json.WriteRoundedOrNull("seconds", Seconds);
    });

    public string ToJson() => ReportJson.ToText(WriteJson);

    /// <summary>Writes the JSON to a file (its folder is created when missing).</summary>
    public void SaveJson(string path) => ReportJson.Save(path, WriteJson);

    /// <summary>Writes every device's full decision record (a JSON array of <see cref="ProxyDecision"/>) to a file.</summary>
    public void SaveDecisions(string path) =>
        ReportJson.Save(path, stream => JsonSerializer.Serialize(stream, Devices.Select(d => d.Evidence).ToArray(), ProxyDecision.JsonOptions));
}

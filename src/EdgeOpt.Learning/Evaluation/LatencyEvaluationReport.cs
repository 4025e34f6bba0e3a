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
    public void WriteJson(Stream stream) => ReportJson.WriteObject(stream, json =>
    {
        json.WriteHeader("latency", Space, Samples, Method);
        json.WriteNumber("seed", Seed);
        json.WriteString("target", Target == "energy" ? "energy" : "latency");
        json.WriteString("unit", Unit);
        json.WriteStartObject("devices");
        foreach (var device in Devices)
        {
            json.WriteStartObject(device.Device);
            json.WriteLatencyMetrics(device.Metrics, coverage90: false);
            json.WriteNumber("measured", device.Measured);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("mean");
        json.WriteLatencyMetrics(Mean, coverage90: false);
        json.WriteEndObject();
        json.WriteRoundedOrNull("seconds", Seconds);
    });

    /// <summary>The unit of the cells and predictions: "mJ" for the energy target, else "ms".</summary>
    public string Unit => Target == "energy" ? "mJ" : "ms";

    public string ToJson() => ReportJson.ToText(WriteJson);

    /// <summary>Writes the JSON to a file (its folder is created when missing).</summary>
    public void SaveJson(string path) => ReportJson.Save(path, WriteJson);
}

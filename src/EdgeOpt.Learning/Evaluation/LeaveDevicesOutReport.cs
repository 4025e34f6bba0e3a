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
    public void WriteJson(Stream stream) => ReportJson.WriteObject(stream, json =>
    {
        json.WriteHeader("latency-folds", Space, Samples, Method);
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
            json.WriteLatencyMetrics(row.Mean, coverage90: true);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("mean");
        json.WriteLatencyMetrics(Mean, coverage90: true);
        json.WriteEndObject();
        json.WriteRoundedOrNull("train_seconds", MeanTrainSeconds);
        json.WriteRoundedOrNull("adapt_ms", MedianAdaptMilliseconds);
        json.WriteRoundedOrNull("predict_ms", MedianPredictMilliseconds);
        json.WriteRoundedOrNull("seconds", Seconds);
    });

    public string ToJson() => ReportJson.ToText(WriteJson);

    /// <summary>Writes the JSON to a file (its folder is created when missing).</summary>
    public void SaveJson(string path) => ReportJson.Save(path, WriteJson);
}

namespace EdgeOpt.Learning.Evaluation.Ceiling;

/// <summary>The result of <see cref="AdditiveCeiling.Run"/>: per device and the mean over the devices not skipped.</summary>
public sealed record CeilingReport(
    string Space, int Parameters, CeilingOptions Options, IReadOnlyList<CeilingDeviceResult> Devices, CeilingFigures Mean, double Seconds)
{
    /// <summary>
    /// <c>{"task":"ceiling","space","parameters","seed","holdout","window","penalty","devices":[{device,rows,
    /// non_positive_cells,holdout_rows,skipped,holdout_srcc,holdout_within10,holdout_mape,in_sample_srcc,lag1,fitted_lag1,drift_share,
    /// after_drift_srcc,shuffled_drift_share}],"mean":{the same figures},"seconds"}</c>; undefined figures are null,
    /// skipped is null or the reason.
    /// </summary>
    public void WriteJson(Stream stream) => ReportJson.WriteObject(stream, json =>
    {
        json.WriteString("task", "ceiling");
        json.WriteString("space", Space);
        json.WriteNumber("parameters", Parameters);
        json.WriteNumber("seed", Options.Seed);
        json.WriteNumber("holdout", Options.Holdout);
        json.WriteNumber("window", Options.Window);
        json.WriteNumber("penalty", Options.Penalty);
        json.WriteStartArray("devices");
        foreach (var device in Devices)
        {
            json.WriteStartObject();
            json.WriteString("device", device.Device);
            json.WriteNumber("rows", device.Rows);
            json.WriteNumber("non_positive_cells", device.NonPositiveCells);
            json.WriteNumber("holdout_rows", device.HoldoutRows);
            if (device.SkippedReason is { } reason) json.WriteString("skipped", reason);
            else json.WriteNull("skipped");
            WriteFigures(json, device.Figures);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("mean");
        WriteFigures(json, Mean);
        json.WriteEndObject();
        json.WriteRoundedOrNull("seconds", Seconds);
    });

    public string ToJson() => ReportJson.ToText(WriteJson);

    /// <summary>Writes the JSON to a file (its folder is created when missing).</summary>
    public void SaveJson(string path) => ReportJson.Save(path, WriteJson);

    private static void WriteFigures(System.Text.Json.Utf8JsonWriter json, CeilingFigures f)
    {
        json.WriteNumberOrNull("holdout_srcc", f.HoldoutSrcc);
        json.WriteNumberOrNull("holdout_within10", f.HoldoutWithin10);
        json.WriteNumberOrNull("holdout_mape", f.HoldoutMape);
        json.WriteNumberOrNull("in_sample_srcc", f.InSampleSrcc);
        json.WriteNumberOrNull("lag1", f.Lag1);
        json.WriteNumberOrNull("fitted_lag1", f.FittedLag1);
        json.WriteNumberOrNull("drift_share", f.DriftShare);
        json.WriteNumberOrNull("after_drift_srcc", f.AfterDriftSrcc);
        json.WriteNumberOrNull("shuffled_drift_share", f.ShuffledDriftShare);
    }
}

using System.Text;
using System.Text.Json;

namespace EdgeOpt.Learning.Optimization.Evaluation;

/// <summary>One device and budget.</summary>
/// <param name="Arch">The answered architecture's canonical string.</param>
/// <param name="PredictedMs">Median predicted cost of the answer.</param>
/// <param name="TrueMs">The answer's cost in the test table.</param>
/// <param name="Accuracy">The answer's accuracy (the evaluation's accuracy source).</param>
/// <param name="OracleAccuracy">Best accuracy among the candidates whose true cost is within the budget (null: none is).</param>
/// <param name="Regret">Oracle minus answer, points (null without an oracle).</param>
/// <param name="FitConfidence">P(fits) the optimizer gave its answer.</param>
/// <param name="Outcome">Certification outcome, plus "verified"/"fallback" when verification decided.</param>
/// <param name="Notes">The optimizer's notes for this decision.</param>
public sealed record OptimizeCase(
    string Device, double BudgetMs, string Arch, double PredictedMs, double TrueMs, double Accuracy, double? OracleAccuracy,
    double? Regret, bool Violation, double DecisionMs, double FitConfidence, string Outcome, int VerifyMeasurements,
    IReadOnlyList<string> Notes);

/// <summary>Totals over the cases.</summary>
public sealed record OptimizeSummary(int Cases, int Violations, double MeanRegret, double MedianDecisionMs);

/// <summary>The result of one optimizer evaluation, and its JSON form (evaluation guide, section 3).</summary>
public sealed record OptimizeEvaluationReport(
    string Space, int Samples, string Method, string LatencyMethod, int Seed, int Verify, double Confidence, string Accuracy,
    IReadOnlyList<OptimizeCase> Cases, OptimizeSummary Summary, double TrainSeconds, double Seconds)
{
    /// <summary>
    /// <c>{"task":"optimize","space","samples","method","seed","verify",
    /// "cases":[{device,budget_ms,arch,predicted_ms,true_ms,accuracy,oracle_accuracy,regret,violation,decision_ms}],
    /// "summary":{cases,violations,mean_regret,median_decision_ms},"seconds"}</c>; undefined numbers are null.
    /// </summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("task", "optimize");
        json.WriteString("space", Space);
        json.WriteNumber("samples", Samples);
        json.WriteString("method", Method);
        json.WriteNumber("seed", Seed);
        json.WriteNumber("verify", Verify);
        json.WriteStartArray("cases");
        foreach (var c in Cases)
        {
            json.WriteStartObject();
            json.WriteString("device", c.Device);
            Number(json, "budget_ms", c.BudgetMs);
            json.WriteString("arch", c.Arch);
            Number(json, "predicted_ms", c.PredictedMs);
            Number(json, "true_ms", c.TrueMs);
            Number(json, "accuracy", c.Accuracy);
            Number(json, "oracle_accuracy", c.OracleAccuracy);
            Number(json, "regret", c.Regret);
            json.WriteBoolean("violation", c.Violation);
            Number(json, "decision_ms", Math.Round(c.DecisionMs, 3));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("cases", Summary.Cases);
        json.WriteNumber("violations", Summary.Violations);
        Number(json, "mean_regret", Summary.MeanRegret);
        Number(json, "median_decision_ms", Math.Round(Summary.MedianDecisionMs, 3));
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
    public void SaveJson(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var file = File.Create(full);
        WriteJson(file);
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}

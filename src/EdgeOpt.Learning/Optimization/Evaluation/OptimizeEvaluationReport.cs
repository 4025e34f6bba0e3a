using EdgeOpt.Learning.Evaluation;

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
    public void WriteJson(Stream stream) => ReportJson.WriteObject(stream, json =>
    {
        json.WriteHeader("optimize", Space, Samples, Method);
        json.WriteNumber("seed", Seed);
        json.WriteNumber("verify", Verify);
        json.WriteStartArray("cases");
        foreach (var c in Cases)
        {
            json.WriteStartObject();
            json.WriteString("device", c.Device);
            json.WriteNumberOrNull("budget_ms", c.BudgetMs);
            json.WriteString("arch", c.Arch);
            json.WriteNumberOrNull("predicted_ms", c.PredictedMs);
            json.WriteNumberOrNull("true_ms", c.TrueMs);
            json.WriteNumberOrNull("accuracy", c.Accuracy);
            json.WriteNumberOrNull("oracle_accuracy", c.OracleAccuracy);
            json.WriteNumberOrNull("regret", c.Regret);
            json.WriteBoolean("violation", c.Violation);
            json.WriteRoundedOrNull("decision_ms", c.DecisionMs);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("cases", Summary.Cases);
        json.WriteNumber("violations", Summary.Violations);
        json.WriteNumberOrNull("mean_regret", Summary.MeanRegret);
        json.WriteRoundedOrNull("median_decision_ms", Summary.MedianDecisionMs);
        json.WriteEndObject();
        json.WriteRoundedOrNull("seconds", Seconds);
    });

    public string ToJson() => ReportJson.ToText(WriteJson);

    /// <summary>Writes the JSON to a file (its folder is created when missing).</summary>
    public void SaveJson(string path) => ReportJson.Save(path, WriteJson);
}

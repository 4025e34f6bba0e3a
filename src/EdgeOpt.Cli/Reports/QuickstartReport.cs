namespace EdgeOpt.Cli.Reports;

/// <summary>A figure as the report shows it: value, optional interval, where it comes from.</summary>
/// <param name="Provenance">measured, replayed, predicted or estimated.</param>
/// <param name="Source">The model or job behind it (for example "neural-linear/v1"), may be empty.</param>
public sealed record ReportFigure(double Value, string Provenance, double? Lower = null, double? Upper = null, string Source = "");

/// <summary>One metric of the chosen design: what the predictors said and what the device measured (either may be absent).</summary>
public sealed record ReportMetric(string Name, string Unit, ReportFigure? Predicted, ReportFigure? Measured);

/// <summary>One measurement of the device's signature set.</summary>
public sealed record SignatureMeasurement(string Arch, double LatencyMs, string Provenance);

/// <summary>One design of the Pareto front (accuracy against latency); <paramref name="Chosen"/> marks the answer.</summary>
public sealed record ParetoPoint(string Design, double LatencyMs, double Accuracy, bool Chosen);

/// <summary>A known device's rank agreement with the new one: Spearman estimate and its interval.</summary>
public sealed record ProxyCandidate(string Device, int Points, double Spearman, double Lower, double Upper);

/// <summary>
/// How the server modeled the device: "cross-device", "proxy-reuse" or "proxy-adapt", the chosen proxy and the
/// candidates' evidence (empty for cross-device), and a sentence saying why.
/// </summary>
public sealed record ProxyEvidence(
    string Decision, string Proxy, double? Threshold, double? Confidence, IReadOnlyList<ProxyCandidate> Candidates, string Summary);

/// <summary>Everything `edgeopt quickstart` found, in the order the report tells it.</summary>
/// <param name="DeviceName">The device (this machine) the design is for.</param>
/// <param name="Machine">A line describing the machine (CPU, cores, runtime).</param>
/// <param name="Design">The chosen design: canonical architecture string.</param>
/// <param name="Precisions">Precision per quantization slot.</param>
/// <param name="BudgetMs">Latency budget the design had to meet.</param>
/// <param name="BudgetOrigin">Where the budget came from (for example "median of the 10 signature latencies").</param>
/// <param name="Optimizer">The optimizer that answered.</param>
/// <param name="PredictorId">The latency predictor used.</param>
/// <param name="Command">The command line that produced the report.</param>
public sealed record QuickstartReport(
    string DeviceName,
    string DeviceId,
    string Machine,
    string Space,
    string Dataset,
    string Design,
    IReadOnlyList<string> Precisions,
    double BudgetMs,
    string BudgetOrigin,
    string Optimizer,
    string PredictorId,
    IReadOnlyList<ReportMetric> Metrics,
    ProxyEvidence Proxy,
    IReadOnlyList<SignatureMeasurement> Signature,
    IReadOnlyList<ParetoPoint> Front,
    IReadOnlyList<string> Notes,
    DateTimeOffset CreatedUtc,
    string Command);

using System.Globalization;
using EdgeOpt.Cli.Reports;
using EdgeOpt.Learning.Proxy;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>
/// Quickstart step: the report of the run, from the answer, the predicted front, this machine's description and
/// signature measurements, and the proxy decision with its evidence, told in words.
/// </summary>
internal sealed class QuickstartReportBuilder(QuickstartSteps steps)
{
    public QuickstartReport Build(
        string dataset, Wire.Device device, IReadOnlyList<Wire.Device> fleet, Server.Domain.DeviceModelRecord modeled, IReadOnlyList<Wire.Measurement> signature,
        double budget, string budgetOrigin, Wire.OptimizeResponse answer, IReadOnlyList<Wire.DesignResult> front)
    {
        var chosen = answer.Designs[0];
        string Key(Wire.Design d) => d.Arch + "|" + string.Join("-", d.Precisions);
        string Text(Wire.Design d) => d.Precisions.All(p => p == Wire.Precision.Fp32) ? d.Arch : $"{d.Arch} [{Precisions(d)}]";
        var points = front.Select(d => new ParetoPoint(Text(d.Design), d.LatencyMs.Value, d.Accuracy.Value, Key(d.Design) == Key(chosen.Design))).ToList();
        if (!points.Any(p => p.Chosen)) points.Add(new ParetoPoint(Text(chosen.Design), chosen.LatencyMs.Value, chosen.Accuracy.Value, true));
        var better = points.FirstOrDefault(p => !p.Chosen && p.LatencyMs <= budget
            && p.LatencyMs <= chosen.LatencyMs.Value && p.Accuracy > chosen.Accuracy.Value);
        if (better is not null)
            steps.Notes.Add(FormattableString.Invariant(
                $"The chosen design is not on the predicted front: {better.Design} is predicted faster ({better.LatencyMs:0.###} ms) and more accurate ({better.Accuracy:0.##} %), but the optimizer needs a fit under the budget with its confidence and the chosen design's fit is surer (fit confidence {chosen.FitConfidence:0.###}{(chosen.VerifiedLatency is null ? "" : ", measured on this machine")})."));

        var metrics = new List<ReportMetric>
        {
            new("latency", "ms", Figure(chosen.LatencyMs),
                chosen.VerifiedLatency is { } v ? new ReportFigure(v.MedianMs, "measured", Source: $"median of {v.Runs} runs on this machine") : null),
            new("accuracy", "%", Figure(chosen.Accuracy), null),
        };
        if (chosen.EnergyMj is { } energy) metrics.Add(new ReportMetric("energy", "mJ", Figure(energy), null));

        var names = fleet.ToDictionary(d => d.Id, d => d.Name);
        var d = device.Description;
        string machine = string.Join(", ", new[]
        {
            d.CpuModel, d.CpuCores > 0 ? $"{d.CpuCores} cores" : "", d.Os, d.Architecture,
            d.ExecutionProviders.Count > 0 ? "ONNX Runtime " + string.Join("/", d.ExecutionProviders) : "",
        }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new QuickstartReport(
            DeviceName: device.Name,
            DeviceId: device.Id,
            Machine: machine,
            Space: steps.Settings.Space,
            Dataset: dataset,
            Design: chosen.Design.Arch,
            Precisions: chosen.Design.Precisions.Count > 0 ? chosen.Design.Precisions.Select(Name).ToList() : ["fp32"],
            BudgetMs: budget,
            BudgetOrigin: budgetOrigin,
            Optimizer: answer.Optimizer,
            PredictorId: answer.PredictorId,
            Metrics: metrics,
            Proxy: Evidence(modeled, names),
            Signature: signature.Select(m => new SignatureMeasurement(m.Design.Arch, m.Latency.MedianMs, ProvenanceName(m.Provenance))).ToList(),
            Front: points,
            Notes: [.. steps.Notes, .. answer.Notes],
            CreatedUtc: DateTimeOffset.UtcNow,
            Command: steps.Settings.Command);
    }

    internal static ProxyEvidence Evidence(Server.Domain.DeviceModelRecord record, IReadOnlyDictionary<string, string> names)
    {
        string Named(string id) => names.TryGetValue(id, out var name) ? name : id;
        if (record.EvidenceJson.Length == 0)
            return new ProxyEvidence(record.Decision, "", null, null, [],
                $"No device of the fleet had enough {record.Space} measurements to act as a proxy, so the server adapted its cross-device " +
                $"predictor {record.PredictorId} v{record.PredictorVersion} to this machine's {record.Observations} measurements.");
        var decision = ProxyDecision.FromJson(record.EvidenceJson);
        var candidates = decision.Candidates
            .Select(c => new ProxyCandidate(Named(c.Device), c.Points, c.Spearman.Estimate, c.Spearman.Lower, c.Spearman.Upper))
            .ToList();
        var best = decision.ProxyEstimate;
        string verdict = decision.Decision == ProxyDecisionKind.Reuse
            ? "it clears the bar, so its latencies are reused through a calibration"
            : "it does not clear the bar, so the proxy's latencies are adapted with a per-operator correction fitted here";
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"On {decision.Measured} measurements of this machine ({decision.Rounds} round(s)), {Named(decision.Proxy)} ranks the architectures most like it: " +
            $"Spearman {best.Spearman.Estimate:0.###}, {decision.Confidence:P0} interval [{best.Spearman.Lower:0.###}, {best.Spearman.Upper:0.###}]; " +
            $"reuse needs the lower bound at or above {decision.Threshold:0.###}: {verdict}.");
        return new ProxyEvidence(record.Decision, Named(decision.Proxy), decision.Threshold, decision.Confidence, candidates, summary);
    }

    private static ReportFigure? Figure(Wire.Figure? f) => f is null ? null : new ReportFigure(
        f.Value, ProvenanceName(f.Provenance), f.HasLower ? f.Lower : null, f.HasUpper ? f.Upper : null, f.Source);

    private static string ProvenanceName(Wire.Provenance p) => p switch
    {
        Wire.Provenance.Measured => "measured",
        Wire.Provenance.Replayed => "replayed",
        Wire.Provenance.Predicted => "predicted",
        Wire.Provenance.Estimated => "estimated",
        _ => "unspecified",
    };

    private static string Name(Wire.Precision p) => p switch
    {
        Wire.Precision.Fp16 => "fp16",
        Wire.Precision.Int8 => "int8",
        _ => "fp32",
    };

    private static string Precisions(Wire.Design d) => string.Join("-", d.Precisions.Select(Name));
}

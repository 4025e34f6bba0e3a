using System.CommandLine;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Proxy;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// <c>edgeopt eval proxy</c>: on each test device, pick a proxy among the known devices from K measurements,
/// estimate how monotone the pair is, reuse or adapt (asking for extra measurements up to a cap), and score the
/// decision and the final predictor (evaluation guide, section 2). When --train and --test name the same file,
/// each test device is evaluated with all the other devices as the known ones.
/// </summary>
public static class EvalProxyCommand
{
    public static Command Create()
    {
        var options = new EvalCommonOptions(
            "K: measurements on each new device before the first decision", method: null, trainRequired: true,
            trainDescription: "CSV of the devices already known (the candidate proxies)",
            trainDevicesDescription: "Known devices to use, comma-separated (default: all but the test device)");
        var maxSamples = new Option<int>("--max-samples") { Description = "Cap on the measurements per new device, extra ones included", DefaultValueFactory = _ => 50 };
        var threshold = new Option<double>("--threshold") { Description = "Reuse when the proxy's Spearman lower bound is at least this", DefaultValueFactory = _ => 0.9 };
        var calibration = new Option<string>("--calibration") { Description = "Calibration of a reused proxy: affine|isotonic (in log space)", DefaultValueFactory = _ => "affine" };
        calibration.AcceptOnlyFromAmong("affine", "isotonic");
        var batchSize = new Option<int>("--batch-size") { Description = "Extra measurements per round while the bound is below the threshold", DefaultValueFactory = _ => new ProxyOptions().BatchSize };
        var disagreement = new Option<double>("--disagreement")
        {
            Description = "Share of each extra batch chosen where candidate predictors disagree (the rest extends the random sample)",
            DefaultValueFactory = _ => new ProxyOptions().DisagreementShare,
        };
        var estimateFrom = new Option<string>("--estimate-from")
        {
            Description = "Measurements the correlation estimates use: representative (the random sample) or all",
            DefaultValueFactory = _ => "representative",
        };
        estimateFrom.AcceptOnlyFromAmong("representative", "all");
        var confidence = new Option<double>("--confidence") { Description = "Coverage of the bootstrap intervals", DefaultValueFactory = _ => new ProxyOptions().Confidence };
        var adaptationProxies = new Option<int?>("--adaptation-proxies")
        {
            Description = "Known devices entering the adaptation, best-estimated first: 1 = the proxy alone (Lu et al.); default all",
        };
        var decisions = new Option<FileInfo?>("--decisions") { Description = "Write every device's decision record with its evidence (JSON) to this file" };

        var command = new Command("proxy", "Choose a proxy device for each new device, decide reuse or adapt, and score both");
        options.AddTo(command, maxSamples, threshold, calibration, batchSize, disagreement, estimateFrom, confidence, adaptationProxies, decisions);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliErrors.Guard(() =>
        {
            var setup = new ProxyEvaluationSetup
            {
                Data = options.ReadSetup(parse),
                Options = new ProxyOptions
                {
                    MaxSamples = parse.GetValue(maxSamples),
                    Threshold = parse.GetValue(threshold),
                    Calibration = parse.GetValue(calibration) == "isotonic" ? ProxyCalibrationKind.Isotonic : ProxyCalibrationKind.Affine,
                    BatchSize = parse.GetValue(batchSize),
                    DisagreementShare = parse.GetValue(disagreement),
                    EstimateFrom = parse.GetValue(estimateFrom) == "all" ? ProxyEstimatePoints.All : ProxyEstimatePoints.Representative,
                    Confidence = parse.GetValue(confidence),
                    AdaptationProxies = parse.GetValue(adaptationProxies),
                },
            };
            var report = ProxyEvaluation.Run(setup, cancellationToken,
                d => AnsiConsole.MarkupLineInterpolated($"[grey]{d.Device}: {d.DecisionName} via {d.Proxy} after {d.Measured} measurements[/]"));
            Print(report);
            options.SaveJson(parse, report.SaveJson);
            if (parse.GetValue(decisions) is { } decisionFile)
            {
                report.SaveDecisions(decisionFile.FullName);
                AnsiConsole.MarkupLineInterpolated($"[grey]decision records written to {decisionFile.FullName}[/]");
            }
            return 0;
        })));
        return command;
    }

    private static void Print(ProxyEvaluationReport report)
    {
        var o = report.Options;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{report.Method} on {report.Space} {report.Target} ({(report.Target == "energy" ? "mJ" : "ms")}): K = {report.Samples}, cap {o.MaxSamples}, threshold {o.Threshold:0.00} (seed {report.Seed})")
            .Caption("est. K = proxy's Spearman on the first K measurements; est. = on the random sample behind the decision, with its " +
                     "bootstrap interval (Bonferroni-widened for the choice among the known devices); true = proxy vs device over all " +
                     "architectures; final = the predictor used (reused or adapted) vs device over all architectures");
        foreach (var header in new[] { "device", "proxy", "est. K", "est.", "interval", "true", "decision", "final", "meas.", "rounds" })
            table.AddColumn(new TableColumn(header).RightAligned());
        foreach (var d in report.Devices)
        {
            var s = d.Evidence.ProxyEstimate.Spearman;
            var decision = d.Decision == ProxyDecisionKind.Reuse
                ? (d.TrueSrcc >= o.Threshold ? "[green]reuse[/]" : "[red]reuse[/]")
                : "adapt";
            table.AddRow(Markup.Escape(d.Device), Markup.Escape(d.Proxy), MetricText.Ratio(d.EstimatedSrcc), MetricText.Ratio(s.Estimate),
                $"[[{MetricText.Ratio(s.Lower)}, {MetricText.Ratio(s.Upper)}]]", MetricText.Ratio(d.TrueSrcc), decision,
                MetricText.Ratio(d.AdaptedSrcc), d.Measured.ToString(), d.Evidence.Rounds.ToString());
        }
        var m = report.Mean;
        table.AddEmptyRow();
        table.AddRow("[bold]mean[/]", "", MetricText.Ratio(m.EstimatedSrcc), "", "", MetricText.Ratio(m.TrueSrcc), "",
            MetricText.Ratio(m.AdaptedSrcc), m.Measured.ToString("0.0"), "");
        AnsiConsole.Write(table);
        var reused = report.Devices.Where(d => d.Decision == ProxyDecisionKind.Reuse).ToArray();
        var wrong = reused.Count(d => !(d.TrueSrcc >= o.Threshold));
        var below = report.Devices.Count(d => !(d.AdaptedSrcc >= o.Threshold));
        var where = report.LeaveOneDeviceOut ? "leave one device out" : "known devices from --train";
        AnsiConsole.MarkupLineInterpolated(
            $"reused on {reused.Length} of {report.Devices.Count} devices ({wrong} with a true correlation below {o.Threshold:0.00}); final predictor below {o.Threshold:0.00} on {below}; {where}; {report.Seconds:0.0} s");
    }
}

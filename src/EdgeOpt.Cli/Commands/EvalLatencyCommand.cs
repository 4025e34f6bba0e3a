using System.CommandLine;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// <c>edgeopt eval latency</c>: predict the cost of every architecture on each test device after K measurements
/// chosen by the method, and score the predictions (evaluation guide, section 1).
/// </summary>
public static class EvalLatencyCommand
{
    public static Command Create()
    {
        var method = EvalCommonOptions.LatencyMethodOption();
        var options = new EvalCommonOptions("Measurements the method may take on each new device", method);
        var command = new Command("latency", "Predict every architecture's latency on new devices from K measurements each, and score it");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliErrors.Guard(() =>
        {
            var setup = options.ReadSetup(parse);
            var trainer = LatencyMethods.Create(parse.GetValue(method) ?? LatencyMethods.Default, setup.Seed);
            var report = LatencyEvaluation.Run(trainer, setup, cancellationToken);
            Print(report);
            options.SaveJson(parse, report.SaveJson);
            return 0;
        })));
        return command;
    }

    private static void Print(LatencyEvaluationReport report)
    {
        var unit = report.Target == "energy" ? "energy (mJ)" : "latency (ms)";
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{report.Method} on {report.Space}: {unit} after {report.Samples} measurements per device (seed {report.Seed})")
            .Caption($"srcc/kendall/mape/w10 of the predicted {unit} over the unmeasured architectures; w10 = share within ±10 %; " +
                     "cov90 = share inside the 90 % interval; adapt/pred. ms = time the method took (wall clock); " +
                     "pred. cpu = CPU time of the whole process while predicting");
        foreach (var header in new[] { "device", "meas.", "srcc", "kendall", "mape", "w10", "cov90", "adapt ms", "pred. ms", "pred. cpu" })
            table.AddColumn(new TableColumn(header).RightAligned());
        foreach (var d in report.Devices)
        {
            table.AddRow(Markup.Escape(d.Device), d.Measured.ToString(), MetricText.Ratio(d.Metrics.Srcc), MetricText.Ratio(d.Metrics.Kendall),
                MetricText.Percent(d.Metrics.Mape), MetricText.Percent(d.Metrics.Within10), MetricText.Percent(d.Metrics.Coverage90),
                d.AdaptMilliseconds.ToString("0.0"), d.PredictMilliseconds.ToString("0.0"), d.PredictCpuMilliseconds.ToString("0.0"));
        }
        var m = report.Mean;
        table.AddEmptyRow();
        table.AddRow("[bold]mean[/]", "", MetricText.Ratio(m.Srcc), MetricText.Ratio(m.Kendall), MetricText.Percent(m.Mape),
            MetricText.Percent(m.Within10), MetricText.Percent(m.Coverage90), "", "");
        AnsiConsole.Write(table);
        var known = report.TrainDevices.Count == 0 ? "no known device" : $"{report.TrainDevices.Count} known devices ({string.Join(", ", report.TrainDevices)})";
        AnsiConsole.MarkupLineInterpolated($"trained on {known} in {report.TrainSeconds:0.0} s; total {report.Seconds:0.0} s");
    }
}

using System.CommandLine;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
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
        var space = new Option<string>("--space") { Description = "Search space: " + string.Join("|", SearchSpaces.Ids), Required = true };
        var train = new Option<FileInfo?>("--train") { Description = "CSV of the devices already known (none when omitted)" };
        var trainDevices = new Option<string?>("--train-devices") { Description = "Known devices to use, comma-separated (default: all but the test devices)" };
        var trainSamples = new Option<int?>("--train-samples") { Description = "Measurements per known device that may be used (default: all)" };
        var test = new Option<FileInfo>("--test") { Description = "CSV of the devices to treat as new", Required = true };
        var testDevices = new Option<string?>("--test-devices") { Description = "Devices to treat as new, comma-separated (default: all)" };
        var samples = new Option<int>("--samples") { Description = "Measurements the method may take on each new device", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
        var method = new Option<string>("--method")
        {
            Description = "Method: " + string.Join("|", LatencyMethods.Names),
            DefaultValueFactory = _ => LatencyMethods.Default,
        };
        var target = new Option<string>("--target") { Description = "What the cells measure: latency (ms) or energy (mJ)", DefaultValueFactory = _ => "latency" };
        target.AcceptOnlyFromAmong("latency", "energy");
        var json = new Option<FileInfo?>("--json") { Description = "Write the result as JSON to this file" };

        var command = new Command("latency", "Predict every architecture's latency on new devices from K measurements each, and score it")
        {
            space, train, trainDevices, trainSamples, test, testDevices, samples, seed, method, target, json,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliErrors.Guard(() =>
        {
            var searchSpace = SearchSpaces.Get(parse.GetRequiredValue(space));
            var trainFile = parse.GetValue(train);
            var setup = new LatencyEvaluationSetup
            {
                Space = searchSpace,
                Train = trainFile is null ? null : Load(trainFile, searchSpace),
                TrainDevices = SplitList(parse.GetValue(trainDevices)),
                TrainSamples = parse.GetValue(trainSamples),
                Test = Load(parse.GetRequiredValue(test), searchSpace),
                TestDevices = SplitList(parse.GetValue(testDevices)),
                Samples = parse.GetValue(samples),
                Seed = parse.GetValue(seed),
                Target = parse.GetValue(target) ?? "latency",
            };
            var trainer = LatencyMethods.Create(parse.GetValue(method) ?? LatencyMethods.Default, setup.Seed);
            var report = LatencyEvaluation.Run(trainer, setup, cancellationToken);
            Print(report);
            if (parse.GetValue(json) is { } jsonFile)
            {
                report.SaveJson(jsonFile.FullName);
                AnsiConsole.MarkupLineInterpolated($"[grey]JSON written to {jsonFile.FullName}[/]");
            }
            return 0;
        })));
        return command;
    }

    internal static MeasurementTable Load(FileInfo file, ISearchSpace space)
    {
        if (!file.Exists) throw new FileNotFoundException($"no such CSV file: {file.FullName}", file.FullName);
        return MeasurementCsv.Load(file.FullName, space.Id, text => space.TryParse(text, out _, out var error) ? null : error);
    }

    internal static IReadOnlyList<string>? SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

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

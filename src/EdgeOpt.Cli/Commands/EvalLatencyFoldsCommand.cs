using System.CommandLine;
using System.Globalization;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// <c>edgeopt eval latency-folds</c>: leave-devices-out cross-validation of a latency method on one CSV. Each fold's
/// devices are held out in turn (the method trains on all the others), for each seed.
/// </summary>
public static class EvalLatencyFoldsCommand
{
    public static Command Create()
    {
        var space = EvalCommonOptions.SpaceOption();
        var data = new Option<FileInfo>("--data") { Description = "CSV with every device of the cross-validation", Required = true };
        var folds = new Option<string>("--folds")
        {
            Description = "'each' (one device per fold), 'unlike:N' (the N devices least like any other, each alone), or groups held out together, e.g. 'a,b;c,d'",
            DefaultValueFactory = _ => "each",
        };
        var seeds = new Option<string>("--seeds") { Description = "Seeds, comma-separated", DefaultValueFactory = _ => "0" };
        var samples = new Option<int>("--samples") { Description = "Measurements per held-out device", DefaultValueFactory = _ => 10 };
        var trainSamples = EvalCommonOptions.TrainSamplesOption();
        var method = EvalCommonOptions.LatencyMethodOption();
        var json = EvalCommonOptions.JsonOption();
        var command = new Command("latency-folds", "Leave-devices-out cross-validation of a latency method on one CSV")
        {
            space, data, folds, seeds, samples, trainSamples, method, json,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliErrors.Guard(() =>
        {
            var searchSpace = SearchSpaces.Get(parse.GetRequiredValue(space));
            var table = EvalCommonOptions.Load(parse.GetRequiredValue(data), searchSpace);
            var foldList = LeaveDevicesOut.ParseFolds(parse.GetValue(folds) ?? "each", table, out var likeness);
            if (likeness is not null)
                foreach (var l in likeness.Take(foldList.Count))
                    AnsiConsole.MarkupLineInterpolated(
                        $"[grey]unlike device {l.Device}: its nearest other device {l.Nearest} ranks the table's architectures at Spearman {l.Spearman.ToString("0.000", CultureInfo.InvariantCulture)}[/]");
            var seedList = ParseSeeds(parse.GetValue(seeds) ?? "0");
            var methodName = parse.GetValue(method) ?? LatencyMethods.Default;
            LatencyMethods.Create(methodName, 0); // fail early on an unknown name
            var report = LeaveDevicesOut.Run(
                seed => LatencyMethods.Create(methodName, seed), searchSpace, table, foldList, seedList,
                parse.GetValue(samples), parse.GetValue(trainSamples), cancellationToken,
                line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"));
            Print(report);
            EvalCommonOptions.SaveJson(parse, json, report.SaveJson);
            return 0;
        })));
        return command;
    }

    private static int[] ParseSeeds(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ArgumentException("--seeds: at least one integer, e.g. 0,1,2");
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? s : throw new ArgumentException($"--seeds: '{p}' is not an integer")).ToArray();
    }

    private static void Print(LeaveDevicesOutReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{report.Method} on {report.Space}: leave-devices-out, {report.Samples} measurements, seeds {string.Join(",", report.Seeds)}")
            .Caption("means over seeds; w10 = share within ±10 %; cov90 = share inside the 90 % interval");
        foreach (var header in new[] { "device", "fold", "srcc", "kendall", "mape", "w10", "cov90" })
            table.AddColumn(new TableColumn(header).RightAligned());
        foreach (var row in report.Rows)
        {
            table.AddRow(Markup.Escape(row.Device), (row.Fold + 1).ToString(CultureInfo.InvariantCulture), MetricText.Ratio(row.Mean.Srcc),
                MetricText.Ratio(row.Mean.Kendall), MetricText.Percent(row.Mean.Mape), MetricText.Percent(row.Mean.Within10),
                MetricText.Percent(row.Mean.Coverage90));
        }
        var m = report.Mean;
        table.AddEmptyRow();
        table.AddRow("[bold]mean[/]", "", MetricText.Ratio(m.Srcc), MetricText.Ratio(m.Kendall), MetricText.Percent(m.Mape),
            MetricText.Percent(m.Within10), MetricText.Percent(m.Coverage90));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated(
            $"training {report.MeanTrainSeconds:0.0} s per fold, adapting {report.MedianAdaptMilliseconds:0.0} ms and predicting {report.MedianPredictMilliseconds:0.0} ms per device (medians); total {report.Seconds:0.0} s");
    }
}

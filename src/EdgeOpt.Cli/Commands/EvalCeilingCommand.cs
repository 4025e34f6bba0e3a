using System.CommandLine;
using System.Globalization;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation.Ceiling;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// <c>edgeopt eval ceiling</c>: how well any architecture-only predictor can do on a recorded latency file, estimated by
/// an additive fit (log latency on the one-hot choice of every decision) on each device's own rows, with the drift in
/// file order that no such predictor can predict (<see cref="AdditiveCeiling"/>).
/// </summary>
public static class EvalCeilingCommand
{
    /// <summary>What the file-order figures assume, in the help and under the table.</summary>
    public const string FileOrderNote =
        "File-order figures (lag1, drift, after drift) measure drift in recording only when the file's rows are in measurement " +
        "order and the architectures were measured in random order (true for the fbnet file). Where the row order is structured " +
        "by architecture they mix that structure with time, and the shuffled baseline does not fix that; 'arch lag1' (lag-1 of " +
        "the fitted, architecture-only values in file order: about 0 for a random order) shows whether it is. The nb201 file's " +
        "rows follow the benchmark index, not a known measurement order.";

    public static Command Create()
    {
        var space = EvalCommonOptions.SpaceOption();
        var data = new Option<FileInfo>("--data") { Description = "CSV of recorded latencies (one column per device)", Required = true };
        var devices = new Option<string?>("--devices") { Description = "Devices to evaluate, comma-separated (default: all)" };
        var holdout = new Option<double>("--holdout")
        {
            Description = $"Share of each device's rows held out for the holdout figures, in (0, {CeilingOptions.MaxHoldout.ToString(CultureInfo.InvariantCulture)}]",
            DefaultValueFactory = _ => new CeilingOptions().Holdout,
        };
        var window = new Option<int>("--window")
        {
            Description = "Rows on each side of a row whose mean residual is its drift (file order)",
            DefaultValueFactory = _ => new CeilingOptions().Window,
        };
        var penalty = new Option<double>("--penalty")
        {
            Description = "Ridge penalty on the one-hot coefficients (the intercept is not penalized)",
            DefaultValueFactory = _ => new CeilingOptions().Penalty,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the holdout split and of the shuffled order", DefaultValueFactory = _ => 0 };
        var json = EvalCommonOptions.JsonOption();
        var command = new Command("ceiling",
            "How high an architecture-only latency predictor can go on a recorded file: an additive fit on each device's own rows, " +
            "and how much of what it misses follows the file's row order (drift). " + FileOrderNote)
        {
            space, data, devices, holdout, window, penalty, seed, json,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliErrors.Guard(() =>
        {
            var options = new CeilingOptions
            {
                Holdout = parse.GetValue(holdout), Window = parse.GetValue(window), Penalty = parse.GetValue(penalty), Seed = parse.GetValue(seed),
            };
            ValidateNamingOptions(options);
            var searchSpace = SearchSpaces.Get(parse.GetRequiredValue(space));
            var table = EvalCommonOptions.Load(parse.GetRequiredValue(data), searchSpace);
            var report = AdditiveCeiling.Run(searchSpace, table, EvalCommonOptions.SplitList(parse.GetValue(devices)), options, cancellationToken,
                d => AnsiConsole.MarkupLineInterpolated($"[grey]{d.Device}: {(d.Skipped ? "skipped" : "in-sample srcc " + MetricText.Ratio(d.Figures.InSampleSrcc))}[/]"));
            Print(report);
            EvalCommonOptions.SaveJson(parse, json, report.SaveJson);
            return 0;
        })));
        return command;
    }

    /// <summary>The options' own checks, with the option's name in front (--holdout, --window, --penalty).</summary>
    private static void ValidateNamingOptions(CeilingOptions options)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("--" + e.Message);
        }
    }

    private static void Print(CeilingReport report)
    {
        var o = report.Options;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(string.Create(CultureInfo.InvariantCulture,
                $"additive ceiling on {report.Space}: {report.Parameters} parameters, holdout {o.Holdout:0.##}, window {o.Window}, seed {o.Seed}"))
            .Caption("holdout = fit on the other rows; in-sample = fit on all rows; lag1 (of the residuals), arch lag1 (of the fitted values), drift and after-drift in file order " +
                     $"(drift = share of the residual variance that the mean residual of the {o.Window} rows on each side explains; " +
                     $"shuffled = the same in a seeded random order, about {-0.5 / o.Window:0.00} when order carries nothing). " + FileOrderNote);
        foreach (var header in new[] { "device", "rows", "holdout srcc", "w10", "mape", "in-sample srcc", "lag1", "arch lag1", "drift", "shuffled", "after drift srcc" })
            table.AddColumn(new TableColumn(header).RightAligned());
        foreach (var d in report.Devices)
        {
            if (d.SkippedReason is { } reason)
            {
                table.AddRow(Markup.Escape(d.Device), d.Rows.ToString(CultureInfo.InvariantCulture), "[grey]skipped: " + Markup.Escape(reason) + "[/]",
                    "", "", "", "", "", "", "", "");
                continue;
            }
            AddFigures(table, Markup.Escape(d.Device), d.Rows.ToString(CultureInfo.InvariantCulture), d.Figures);
        }
        table.AddEmptyRow();
        AddFigures(table, "[bold]mean[/]", "", report.Mean);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{report.Devices.Count(d => !d.Skipped)} of {report.Devices.Count} devices; {report.Seconds:0.0} s");
    }

    private static void AddFigures(Table table, string device, string rows, CeilingFigures f) =>
        table.AddRow(device, rows, MetricText.Ratio(f.HoldoutSrcc), MetricText.Percent(f.HoldoutWithin10), MetricText.Percent(f.HoldoutMape),
            MetricText.Ratio(f.InSampleSrcc), MetricText.Ratio(f.Lag1), MetricText.Ratio(f.FittedLag1), MetricText.Ratio(f.DriftShare), MetricText.Ratio(f.ShuffledDriftShare),
            MetricText.Ratio(f.AfterDriftSrcc));
}

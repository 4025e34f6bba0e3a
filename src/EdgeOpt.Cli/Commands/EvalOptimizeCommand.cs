using System.CommandLine;
using System.Globalization;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Evaluation;
using EdgeOpt.Learning.Optimization.Measurement;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// <c>edgeopt eval optimize</c>: for each test device and budget, let the optimizer answer one design from the
/// device's K measurements and the budget alone, and score it against the device's true latencies (evaluation
/// guide, section 3). When the training and test CSV are the same file, each test device is left out of training in
/// turn.
/// </summary>
public static class EvalOptimizeCommand
{
    public static Command Create()
    {
        var method = new Option<string?>("--method")
        {
            Description = "Optimizer: " + string.Join("|", OptimizerMethods.Names) + " (default: the best for the space)",
        };
        var options = new EvalCommonOptions("Measurements the latency model may take on each new device", method);
        var accuracy = new Option<FileInfo>("--accuracy") { Description = "CSV of accuracies (import format, one column per metric)", Required = true };
        var metric = new Option<string>("--metric") { Description = "Accuracy column to maximize, e.g. cifar100", DefaultValueFactory = _ => "cifar100" };
        var budgets = new Option<string?>("--budgets") { Description = "Budgets per device, e.g. pixel3:14,pixel3:18,gold_6240:8 (ms)" };
        var quantiles = new Option<string?>("--budget-quantiles")
        {
            Description = "Budgets at these quantiles of each device's true latencies (default 0.1,0.3,0.5,0.7,0.9)",
        };
        var verify = new Option<int>("--verify") { Description = "Measurements per decision to check the answer on the device", DefaultValueFactory = _ => 0 };
        var latencyMethod = new Option<string>("--latency-method")
        {
            Description = "Latency model: " + string.Join("|", LatencyMethods.Names) + $" (default {LatencyMethods.Default})",
            DefaultValueFactory = _ => LatencyMethods.Default,
        };
        var confidence = new Option<double?>("--confidence")
        {
            Description = "Required probability that an answer fits its budget under the predictor (default 0.97 without --verify, 0.7 with it)",
        };
        var signature = new Option<int?>("--signature")
        {
            Description = "Of the K measurements, how many the latency model chooses; the rest go to the predicted accuracy/latency front (default: half of K)",
        };
        var front = new Option<string?>("--front")
        {
            Description = "Where the measurements after the signature go: uncertainty (most uncertain front design) or fallbacks " +
                          "(likely-fitting front designs at evenly spaced predicted-latency quantiles; the default)",
        };
        front.AcceptOnlyFromAmong("uncertainty", "fallbacks");
        var fallbackConfidence = new Option<string?>("--fallback-confidence")
        {
            Description = "With --verify: confidence at which an unmeasured design may be answered after a failed verification, or none (default 0.99)",
        };
        var variants = new Option<string?>("--variants")
        {
            Description = "Evaluate several settings on the same trained folds, ';'-separated, each KEY=VALUE,... with keys verify, " +
                          "confidence, signature, front, fallback-confidence, ladder (confidences separated by '/'), placement-confidence, " +
                          "fallback-order (slowest-first|fastest-first), miss-rate (without verification: the chance an unmeasured " +
                          "answer misses however sure the predictor is, default 0.02, or none) (unset keys take the command's options); " +
                          "--json FILE then writes FILE-<n>.json per variant",
        };
        var verbose = new Option<bool>("--verbose") { Description = "Print every decision's notes" };

        var command = new Command("optimize", "Answer one design per test device and budget from K measurements, and score it against the true latencies");
        options.AddTo(command, accuracy, metric, budgets, quantiles, verify, latencyMethod, confidence, signature, front, fallbackConfidence, variants, verbose);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliErrors.Guard(() =>
        {
            var data = options.ReadSetup(parse);
            var searchSpace = data.Space;
            var accuracyFile = parse.GetRequiredValue(accuracy);
            var accuracySource = new TableAccuracySource(
                EvalCommonOptions.Load(accuracyFile, searchSpace), searchSpace, parse.GetValue(metric) ?? "cifar100",
                $"{accuracyFile.Name}:{parse.GetValue(metric)}");
            if (parse.GetValue(budgets) is not null && parse.GetValue(quantiles) is not null)
                throw new ArgumentException("--budgets and --budget-quantiles: give one of them");
            var verifyCount = parse.GetValue(verify);
            if (verifyCount < 0) throw new ArgumentException($"--verify is {verifyCount}; allowed: 0 or more measurements per decision");
            var setup = new OptimizeEvaluationSetup
            {
                Space = searchSpace,
                Train = data.Train,
                TrainDevices = data.TrainDevices,
                TrainSamples = data.TrainSamples,
                Test = data.Test,
                TestDevices = data.TestDevices,
                LeaveOneDeviceOut = options.TrainIsTest(parse),
                Samples = data.Samples,
                Seed = data.Seed,
                Target = data.Target,
                Accuracy = accuracySource,
                Budgets = parse.GetValue(budgets) is { } b ? ParseBudgets(b) : null,
                BudgetQuantiles = parse.GetValue(quantiles) is { } q ? ParseProbabilities(q, ',', "--budget-quantiles") : [0.1, 0.3, 0.5, 0.7, 0.9],
                Verify = verifyCount,
                Confidence = parse.GetValue(confidence) ?? OptimizeEvaluationSetup.DefaultConfidence(verifyCount),
                SignatureMeasurements = parse.GetValue(signature),
                FrontPlacement = ParseFront(parse.GetValue(front)),
                CertifiedFallbackConfidence = ParseFallbackConfidence(parse.GetValue(fallbackConfidence), "--fallback-confidence"),
            };
            var setups = parse.GetValue(variants) is { } variantText
                ? ParseVariants(variantText, setup, parse.GetValue(confidence) is not null)
                : [setup];
            var methodName = OptimizerMethods.Canonical(parse.GetValue(method) ?? OptimizerMethods.Default(searchSpace));
            var trainer = LatencyMethods.Create(parse.GetValue(latencyMethod) ?? LatencyMethods.Default, setup.Seed);
            var reports = OptimizeEvaluation.RunVariants(
                trainer, null, fold => OptimizerMethods.Create(methodName, fold, cancellationToken, line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]")),
                setups, cancellationToken,
                line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"));
            for (var v = 0; v < reports.Count; v++)
            {
                var report = reports[v];
                if (parse.GetValue(verbose))
                    foreach (var c in report.Cases)
                    {
                        AnsiConsole.MarkupLineInterpolated($"[bold]{c.Device} @ {c.BudgetMs:0.###} ms[/]: {c.Arch}");
                        foreach (var note in c.Notes) AnsiConsole.MarkupLineInterpolated($"  [grey]{note}[/]");
                    }
                if (reports.Count > 1) AnsiConsole.MarkupLineInterpolated($"[bold]variant {v}: {Describe(setups[v])}[/]");
                Print(report);
                if (parse.GetValue(options.Json) is { } jsonFile)
                {
                    var path = reports.Count == 1 ? jsonFile.FullName
                        : Path.Combine(Path.GetDirectoryName(jsonFile.FullName) ?? ".", $"{Path.GetFileNameWithoutExtension(jsonFile.Name)}-{v}{jsonFile.Extension}");
                    report.SaveJson(path);
                    AnsiConsole.MarkupLineInterpolated($"[grey]JSON written to {path}[/]");
                }
            }
            return 0;
        })));
        return command;
    }

    private static FrontPlacement ParseFront(string? text) => text switch
    {
        null => OptimizeEvaluationSetup.DefaultFrontPlacement,
        "uncertainty" => FrontPlacement.Uncertainty,
        "fallbacks" => FrontPlacement.Fallbacks,
        _ => throw new ArgumentException($"front '{text}': allowed uncertainty, fallbacks"),
    };

    private static double? ParseFallbackConfidence(string? text, string what)
    {
        if (text is null) return OptimizeEvaluationSetup.DefaultCertifiedFallbackConfidence;
        if (text == "none") return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c > 0 && c < 1
            ? c : throw new ArgumentException($"{what}: '{text}' is neither none nor a probability strictly between 0 and 1");
    }

    /// <summary>The keys a <c>--variants</c> item may set.</summary>
    internal static readonly string[] VariantKeys =
        ["verify", "confidence", "signature", "front", "fallback-confidence", "ladder", "placement-confidence", "fallback-order", "miss-rate"];

    /// <summary>"verify=1,front=fallbacks;verify=0,confidence=0.97": one setup per ';' item, from the command's setup.</summary>
    internal static IReadOnlyList<OptimizeEvaluationSetup> ParseVariants(string text, OptimizeEvaluationSetup baseSetup, bool confidenceGiven)
    {
        var result = new List<OptimizeEvaluationSetup>();
        foreach (var item in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var verify = baseSetup.Verify;
            double? confidence = confidenceGiven ? baseSetup.Confidence : null;
            var signature = baseSetup.SignatureMeasurements;
            var placement = baseSetup.FrontPlacement;
            var fallback = baseSetup.CertifiedFallbackConfidence;
            var ladder = baseSetup.VerificationLadder;
            var placementConfidence = baseSetup.PlacementConfidence;
            var fallbackOrder = baseSetup.FallbackOrder;
            var missRate = baseSetup.UnmodeledMissRate;
            foreach (var pair in item.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0) throw new ArgumentException($"--variants: '{pair}' in '{item}' is not KEY=VALUE");
                var key = pair[..eq].Trim();
                var value = pair[(eq + 1)..].Trim();
                switch (key)
                {
                    case "verify":
                        verify = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                            ? n : throw new ArgumentException($"--variants: verify '{value}' in '{item}': allowed 0 or more");
                        break;
                    case "confidence":
                        confidence = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c > 0 && c < 1
                            ? c : throw new ArgumentException($"--variants: confidence '{value}' in '{item}': strictly between 0 and 1");
                        break;
                    case "signature":
                        signature = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k >= 1
                            ? k : throw new ArgumentException($"--variants: signature '{value}' in '{item}': allowed 1 or more");
                        break;
                    case "front": placement = ParseFront(value); break;
                    case "fallback-confidence": fallback = ParseFallbackConfidence(value, $"--variants: fallback-confidence in '{item}'"); break;
                    case "ladder": ladder = ParseProbabilities(value, '/', $"--variants: ladder in '{item}'"); break;
                    case "placement-confidence":
                        placementConfidence = ParseProbabilities(value, '/', $"--variants: placement-confidence in '{item}'") is [var pc]
                            ? pc : throw new ArgumentException($"--variants: placement-confidence '{value}' in '{item}': one probability");
                        break;
                    case "fallback-order":
                        fallbackOrder = value switch
                        {
                            "slowest-first" => FallbackOrder.SlowestFirst,
                            "fastest-first" => FallbackOrder.FastestFirst,
                            _ => throw new ArgumentException($"--variants: fallback-order '{value}' in '{item}': allowed slowest-first, fastest-first"),
                        };
                        break;
                    case "miss-rate":
                        missRate = value == "none" ? null
                            : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) && e >= 0 && e < 1
                                ? e : throw new ArgumentException($"--variants: miss-rate '{value}' in '{item}': in [0, 1), or none");
                        break;
                    default:
                        throw new ArgumentException(
                            $"--variants: unknown key '{key}' in '{item}'; allowed: {string.Join(", ", VariantKeys)}");
                }
            }
            result.Add(baseSetup with
            {
                Verify = verify,
                Confidence = confidence ?? OptimizeEvaluationSetup.DefaultConfidence(verify),
                SignatureMeasurements = signature,
                FrontPlacement = placement,
                CertifiedFallbackConfidence = fallback,
                VerificationLadder = ladder,
                PlacementConfidence = placementConfidence,
                FallbackOrder = fallbackOrder,
                UnmodeledMissRate = missRate,
            });
        }
        if (result.Count == 0) throw new ArgumentException("--variants: give at least one variant (e.g. verify=0;verify=1)");
        return result;
    }

    /// <summary>Probabilities strictly between 0 and 1 separated by <paramref name="separator"/>; the error names <paramref name="what"/>.</summary>
    internal static IReadOnlyList<double> ParseProbabilities(string text, char separator, string what)
    {
        var items = text.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new List<double>(items.Length);
        foreach (var item in items)
            values.Add(double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0 && p < 1
                ? p : throw new ArgumentException($"{what}: '{item}' is not a probability strictly between 0 and 1"));
        return values.Count > 0 ? values : throw new ArgumentException($"{what}: give at least one probability, e.g. 0.3{separator}0.7");
    }

    private static string Describe(OptimizeEvaluationSetup s) => FormattableString.Invariant(
        $"verify {s.Verify}, confidence {s.Confidence}, signature {s.SignatureCount}, front {s.FrontPlacement.ToString().ToLowerInvariant()}, placement confidence {s.PlacementConfidence}, {(s.FallbackOrder == FallbackOrder.SlowestFirst ? "slowest" : "fastest")} first, fallback confidence {(s.CertifiedFallbackConfidence is { } f ? f.ToString(CultureInfo.InvariantCulture) : "none")}, ladder {string.Join("/", s.VerificationLadder)}, miss rate {(s.UnmodeledMissRate is { } m ? m.ToString(CultureInfo.InvariantCulture) : "none")}");

    /// <summary>"dev:ms,dev:ms,..." (a device may appear several times); errors name the item.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<double>> ParseBudgets(string text)
    {
        var result = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = item.LastIndexOf(':');
            if (colon <= 0 || colon == item.Length - 1)
                throw new ArgumentException($"--budgets: '{item}' is not DEVICE:MS (e.g. pixel3:14)");
            var device = item[..colon].Trim();
            if (!double.TryParse(item[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) || !(ms > 0) || !double.IsFinite(ms))
                throw new ArgumentException($"--budgets: '{item}': the budget must be a number of milliseconds > 0");
            if (!result.TryGetValue(device, out var list)) result[device] = list = [];
            list.Add(ms);
        }
        if (result.Count == 0) throw new ArgumentException("--budgets: give at least one DEVICE:MS");
        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value, StringComparer.Ordinal);
    }

    private static void Print(OptimizeEvaluationReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{report.Method} on {report.Space} ({report.LatencyMethod} latency, {report.Samples} measurements, verify {report.Verify}, seed {report.Seed})")
            .Caption($"accuracy: {report.Accuracy}; regret = oracle - accuracy (points); P = fit confidence; ! = budget exceeded");
        foreach (var header in new[] { "device", "budget", "pred.", "true", "acc.", "oracle", "regret", "P", "how", "ms" })
            table.AddColumn(new TableColumn(header).RightAligned());
        foreach (var c in report.Cases)
        {
            table.AddRow(
                Markup.Escape(c.Device), F(c.BudgetMs, "0.##"), F(c.PredictedMs, "0.##"),
                (c.Violation ? "[red]!" : "") + F(c.TrueMs, "0.##") + (c.Violation ? "[/]" : ""),
                F(c.Accuracy, "0.00"), c.OracleAccuracy is { } o ? F(o, "0.00") : "n/a", c.Regret is { } r ? F(r, "0.00") : "n/a",
                F(c.FitConfidence, "0.00"), Markup.Escape(c.Outcome), F(c.DecisionMs, "0.0"));
        }
        AnsiConsole.Write(table);
        var s = report.Summary;
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{s.Cases} cases, {s.Violations} violations, mean regret {F(s.MeanRegret, "0.000")} points, median decision {F(s.MedianDecisionMs, "0.0")} ms[/]");
        AnsiConsole.MarkupLineInterpolated($"training {report.TrainSeconds:0.0} s; total {report.Seconds:0.0} s");
    }

    private static string F(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}

using System.CommandLine;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Runtime.Benchmarking;
using EdgeOpt.Runtime.Calibration;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt bench`: measures real ONNX models of a search space on this machine with ONNX Runtime and writes
/// them as a dataset in the import format, so this machine becomes one more device next to the public ones.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var space = new Option<string>("--space") { Description = "Search space: nb201, fbnet or convnet.", DefaultValueFactory = _ => "nb201" };
        var sample = new Option<int>("--sample") { Description = "Number of distinct architectures to measure.", DefaultValueFactory = _ => 300 };
        var seed = new Option<int>("--seed") { Description = "Seed of the architecture draw and of the model weights.", DefaultValueFactory = _ => 0 };
        var precision = new Option<string>("--precision")
        {
            Description = "fp32, fp16 or int8 for every slot, or one per slot joined by '-' (nb201: 3 stages, fbnet: 22 layers).",
            DefaultValueFactory = _ => "fp32",
        };
        var output = new Option<FileInfo>("--out") { Description = "CSV to write (import format); a .provenance.json is written beside it.", Required = true };
        var device = new Option<string?>("--device") { Description = "Device column name (default: this machine's host name)." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads.", DefaultValueFactory = _ => 1 };
        var provider = new Option<string>("--ep") { Description = "Execution provider: cpu or cuda (falls back to cpu when CUDA does not load).", DefaultValueFactory = _ => "cpu" };
        var targetRse = new Option<double>("--target-rse") { Description = "Stop timing a model once the relative standard error of its runs is below this.", DefaultValueFactory = _ => 0.02 };
        var maxSeconds = new Option<double>("--max-seconds") { Description = "Time cap per model, warm-up included.", DefaultValueFactory = _ => 5 };
        var from = new Option<FileInfo?>("--from") { Description = "Draw the architectures from the rows of this dataset (import format) instead of the whole space." };
        var maxMacs = new Option<double?>("--max-macs") { Description = "Draw only architectures with at most this many multiply-adds (batch 1), e.g. 2e9 to keep a CPU run short." };
        var rounds = new Option<int>("--rounds")
        {
            Description = "Time the whole list this many times in separate passes (round-robin); each network's figure is the median of its round medians. Use 3 on a machine that drifts (VMs).",
            DefaultValueFactory = _ => 1,
        };
        var compare = new Option<FileInfo?>("--compare") { Description = "A dataset of the same space: print the Spearman correlation of this machine with each of its devices." };

        var command = new Command("bench", "Measure real ONNX models of a search space on this machine and write them as a dataset.")
        {
            space, sample, seed, precision, output, device, threads, provider, targetRse, maxSeconds, from, compare, maxMacs, rounds,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(
            new BenchArguments(
                parse.GetValue(space)!, parse.GetValue(sample), parse.GetValue(seed), parse.GetValue(precision)!,
                parse.GetValue(output)!, parse.GetValue(device), parse.GetValue(threads), parse.GetValue(provider)!,
                parse.GetValue(targetRse), parse.GetValue(maxSeconds), parse.GetValue(from), parse.GetValue(compare),
                parse.GetValue(maxMacs), parse.GetValue(rounds)),
            cancellationToken)));
        return command;
    }

    private sealed record BenchArguments(
        string Space, int Sample, int Seed, string Precision, FileInfo Output, string? Device, int Threads,
        string Provider, double TargetRse, double MaxSeconds, FileInfo? From, FileInfo? Compare, double? MaxMacs = null, int Rounds = 1);

    private static int Run(BenchArguments args, CancellationToken cancellationToken)
    {
        if (!SearchSpaces.TryGet(args.Space, out var space))
            return CliErrors.Report($"--space: unknown search space '{args.Space}'; allowed: {string.Join(", ", SearchSpaces.Ids)}");
        QuantizationPolicy policy;
        try { policy = QuantizationPolicy.Parse(args.Precision, space.PrecisionSlots); }
        catch (FormatException e) { return CliErrors.Report($"--precision: {e.Message}"); }
        IReadOnlyList<Architecture>? candidates = null;
        if (args.From is not null)
        {
            try { candidates = MeasurementCsv.Load(args.From.FullName, space.Id, Validator(space)).Architectures.Select(space.Parse).ToArray(); }
            catch (Exception e) when (e is IOException or FormatException) { return CliErrors.Report($"--from: {e.Message}"); }
        }
        if (args.MaxMacs is { } macCap)
        {
            if (!(macCap > 0)) return CliErrors.Report($"--max-macs: must be > 0; got {macCap}");
            if (candidates is null && space.Size is not (> 0 and <= 1_000_000))
                return CliErrors.Report($"--max-macs: space '{space.Id}' is too large to enumerate; give the candidates with --from");
            candidates = (candidates ?? space.Enumerate().ToArray())
                .Where(a => EdgeOpt.Core.Networks.GraphFeatures.Of(a).MultiplyAdds <= macCap).ToArray();
            if (candidates.Count == 0) return CliErrors.Report($"--max-macs: no architecture has at most {macCap:G3} multiply-adds");
        }
        var available = candidates?.Count ?? space.Size;
        if (args.Sample < 1 || (available is { } size && args.Sample > size))
            return CliErrors.Report($"--sample: must be between 1 and {available?.ToString() ?? "any size"}; got {args.Sample}");

        if (args.Rounds < 1) return CliErrors.Report($"--rounds: must be >= 1 (passes over the whole list); got {args.Rounds}");

        var column = args.Device ?? DeviceNames.FromHostName(Environment.MachineName);
        if (MeasurementTable.DeviceNameProblem(column) is { } problem)
            return CliErrors.Report($"--device: {problem}");

        var options = new BenchmarkOptions
        {
            IntraOpThreads = args.Threads,
            ExecutionProvider = args.Provider,
            TargetRelativeStandardError = args.TargetRse,
            MaxSeconds = args.MaxSeconds,
        };
        try { options.Validate(); }
        catch (ArgumentException e) { return CliErrors.Report(e.Message); }

        var calibrator = new OnnxRuntimeCalibrator();
        var generation = new OnnxGenerationOptions(Seed: args.Seed, Calibrator: calibrator);
        var architectures = candidates is null
            ? ArchitectureSampling.Distinct(space, args.Sample, args.Seed)
            : ArchitectureSampling.Distinct(candidates, args.Sample, args.Seed);
        var items = architectures
            .Select(a => new BenchmarkItem(space.Format(a), _ => OnnxModelGenerator.Generate(new Design(a, policy), generation)))
            .ToArray();

        AnsiConsole.MarkupLineInterpolated(
            $"Measuring [bold]{items.Length}[/] {space.Id} networks ({policy}) on [bold]{column}[/] with ONNX Runtime {BenchmarkRunner.OrtVersion}, {args.Threads} thread(s), {args.Provider}, {args.Rounds} round(s)");

        BenchmarkSessionResult result = null!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("benchmarking", maxValue: items.Length * args.Rounds);
                var progress = new InlineProgress<BenchmarkItemProgress>(p =>
                {
                    task.Increment(1);
                    if (p.Error is not null)
                    {
                        AnsiConsole.MarkupLineInterpolated($"[red]failed[/] {p.Arch}: {p.Error}");
                    }
                    task.Description = $"{(p.Rounds > 1 ? $"round {p.Round + 1}/{p.Rounds} " : "")}{p.Index + 1}/{p.Total} {(p.Result is { } r ? $"{r.MedianMs:F3} ms" : "")}";
                });
                result = new BenchmarkSession(new BenchmarkRunner(), rounds: args.Rounds).Run(
                    space.Id, column, items, options, policy.ToString(), progress, cancellationToken);
            });

        var table = WithNb201Index(space, result.Table);
        var outputPath = args.Output.FullName;
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        MeasurementCsv.Save(table, outputPath);
        var sidecarPath = BenchmarkSidecar.PathFor(outputPath);
        BenchmarkSidecar.From(result).Save(sidecarPath);

        var medians = table.ValuesAt(column, table.MeasuredRows(column));
        AnsiConsole.MarkupLineInterpolated(
            $"Wrote [bold]{medians.Length}[/] measured latencies to {outputPath} (provenance: {sidecarPath}); median {Descriptive.Median(medians):F3} ms, range {medians.Min():F3}-{medians.Max():F3} ms; {result.Failed} failed.");
        if (result.RoundDrift is { } drift)
            AnsiConsole.MarkupLineInterpolated(
                $"Drift between the {args.Rounds} rounds, (max - min) / median of each network's round medians: median {drift.Median:P1}, 90th percentile {drift.P90:P1}.");

        if (args.Compare is not null) PrintComparison(space, table, column, args.Compare.FullName);
        return result.Failed == items.Length ? 1 : 0;
    }

    private static Func<string, string?> Validator(ISearchSpace space) =>
        text => space.TryParse(text, out _, out var error) ? null : error;

    /// <summary>NAS-Bench-201 datasets carry the official index beside the string (the import format's optional column).</summary>
    private static MeasurementTable WithNb201Index(ISearchSpace space, MeasurementTable table)
    {
        if (space is not Nb201Space nb201) return table;
        var indices = table.Architectures.Select(a => nb201.IndexOf(nb201.Parse(a))).ToArray();
        return new MeasurementTable(
            table.SpaceId, table.Architectures, indices,
            table.Devices.Select(d => new DeviceColumn(d, table.Column(d))));
    }

    private static void PrintComparison(ISearchSpace space, MeasurementTable host, string column, string referencePath)
    {
        var reference = MeasurementCsv.Load(referencePath, space.Id);
        var hostRows = host.MeasuredRows(column);
        var grid = new Table().AddColumns("device", "shared architectures", "spearman vs this machine");
        foreach (var device in reference.Devices)
        {
            var mine = new List<double>();
            var theirs = new List<double>();
            foreach (var row in hostRows)
            {
                var other = reference.IndexOf(host.Architectures[row]);
                if (other < 0 || reference[other, device] is not { } value) continue;
                mine.Add(host[row, column]!.Value);
                theirs.Add(value);
            }
            grid.AddRow(device, mine.Count.ToString(), mine.Count >= 3 ? Correlation.Spearman(mine, theirs).ToString("F3") : "-");
        }
        AnsiConsole.Write(grid);
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Neural;
using EdgeOpt.Learning.Persistence;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// <c>edgeopt train</c>: trains the predictors of one search space on measured data and writes them, with model cards,
/// in the layout of <see cref="PretrainedModels"/> (latency model; optionally the accuracy predictor of one metric and
/// the neural optimizer). Each card's scores come from a quick honest check: leave-devices-out for latency, a held-out
/// split for accuracy.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var space = new Option<string>("--space") { Description = "Search space: " + string.Join("|", SearchSpaces.Ids), Required = true };
        var train = new Option<FileInfo>("--train") { Description = "Latency CSV of the known devices", Required = true };
        var trainDevices = new Option<string?>("--train-devices") { Description = "Devices to learn from, comma-separated (default: all in the CSV)" };
        var method = new Option<string>("--method")
        {
            Description = "Latency method: " + string.Join("|", LatencyMethods.Names),
            DefaultValueFactory = _ => LatencyMethods.Default,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
        var accuracy = new Option<FileInfo?>("--accuracy") { Description = "Accuracy CSV (one column per metric): also train an accuracy predictor" };
        var metric = new Option<string>("--metric") { Description = "Accuracy column to learn, e.g. cifar100", DefaultValueFactory = _ => "cifar100" };
        var accuracySamples = new Option<int?>("--accuracy-samples")
        {
            Description = "Architectures the accuracy predictor trains on (the rest score it); default 80 % of the column",
        };
        var optimizer = new Option<bool>("--optimizer") { Description = "Also train the neural optimizer (needs --accuracy)" };
        var checkFolds = new Option<int>("--check-folds")
        {
            Description = "Leave-devices-out folds of the latency check (0 skips it)", DefaultValueFactory = _ => 3,
        };
        var checkSamples = new Option<int>("--check-samples")
        {
            Description = "Measurements per held-out device in the latency check", DefaultValueFactory = _ => 10,
        };
        var output = new Option<DirectoryInfo>("--out") { Description = "Models folder to write", DefaultValueFactory = _ => new DirectoryInfo("models") };
        var command = new Command("train", "Train and save a space's predictors (latency; optionally accuracy and the neural optimizer) with model cards")
        {
            space, train, trainDevices, method, seed, accuracy, metric, accuracySamples, optimizer, checkFolds, checkSamples, output,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliErrors.Guard(() =>
        {
            var request = new Request(
                SearchSpaces.Get(parse.GetRequiredValue(space)), parse.GetRequiredValue(train), parse.GetValue(trainDevices),
                parse.GetValue(method) ?? LatencyMethods.Default, parse.GetValue(seed), parse.GetValue(accuracy),
                parse.GetValue(metric) ?? "cifar100", parse.GetValue(accuracySamples), parse.GetValue(optimizer),
                parse.GetValue(checkFolds), parse.GetValue(checkSamples), parse.GetValue(output) ?? new DirectoryInfo("models"),
                Reproduce(parse));
            return Run(request, cancellationToken);
        })));
        return command;
    }

    private sealed record Request(
        ISearchSpace Space, FileInfo Train, string? TrainDevices, string Method, int Seed, FileInfo? Accuracy, string Metric,
        int? AccuracySamples, bool Optimizer, int CheckFolds, int CheckSamples, DirectoryInfo Output, string Reproduce);

    private static int Run(Request request, CancellationToken cancellationToken)
    {
        LatencyMethods.Create(request.Method, request.Seed); // fail early on an unknown name
        if (request.Optimizer && request.Accuracy is null)
            throw new ArgumentException("--optimizer needs --accuracy (the optimizer maximizes accuracy under a latency budget)");
        if (request.CheckFolds is < 0 or 1) throw new ArgumentException($"--check-folds is {request.CheckFolds}; allowed: 0 (skip) or >= 2");
        if (request.CheckSamples < 1) throw new ArgumentException($"--check-samples is {request.CheckSamples}; allowed: >= 1");
        var clock = Stopwatch.StartNew();
        var space = request.Space;
        var models = request.Output.FullName;
        var stages = 2 + (request.Accuracy is null ? 0 : 1) + (request.Optimizer ? 1 : 0);
        var stage = 0;
        void Stage(string text) => AnsiConsole.MarkupLineInterpolated($"[bold]{++stage}/{stages}[/] {text} [grey]({clock.Elapsed.TotalSeconds:0} s)[/]");
        void Progress(string line) => AnsiConsole.MarkupLineInterpolated($"    [grey]{line}[/]");

        // Latency.
        var table = EvalCommonOptions.Load(request.Train, space);
        var devices = SelectDevices(table, request.TrainDevices);
        var selected = table.SelectDevices(devices);
        var training = LatencyTrainingData.From(selected, space);
        var rows = devices.Sum(d => selected.MeasuredRows(d).Length);
        IReadOnlyDictionary<string, double> latencyScores = new Dictionary<string, double>();
        if (request.CheckFolds >= 2 && devices.Count >= 2)
        {
            Stage($"checking {request.Method} on {space.Id}: leave-devices-out over {Math.Min(request.CheckFolds, devices.Count)} folds of {devices.Count} devices, {request.CheckSamples} measurements each");
            latencyScores = TrainingChecks.LeaveDevicesOut(
                s => LatencyMethods.Create(request.Method, s), space, selected, request.Seed, request.CheckFolds, request.CheckSamples,
                cancellationToken, Progress);
            Progress(string.Join(", ", latencyScores.Select(p => $"{p.Key} {p.Value:0.000}")));
        }
        else
        {
            Stage("latency check skipped (" + (devices.Count < 2 ? "fewer than two devices" : "--check-folds 0") + ")");
        }
        Stage($"training {request.Method} on {devices.Count} devices ({rows} measurements)");
        var trainClock = Stopwatch.StartNew();
        var latencyModel = LatencyMethods.Create(request.Method, request.Seed).Fit(training, cancellationToken);
        var trainSeconds = trainClock.Elapsed.TotalSeconds;
        var latencyPath = PretrainedModels.LatencyPath(models, space.Id);
        LatencyModelFile.Save(latencyModel, latencyPath);
        VerifyRoundTrip(latencyModel, latencyPath, training);
        var latencyCard = new ModelCard
        {
            Kind = "latency", Method = latencyModel.Method, Space = space.Id, Devices = devices, TrainingRows = rows,
            Scores = WithTiming(latencyScores, trainSeconds), Seed = request.Seed, DataSources = [DataSource.Of(request.Train.ToString())],
            CreatedUtc = DateTimeOffset.UtcNow, Reproduce = request.Reproduce,
        };
        latencyCard.Save(PretrainedModels.LatencyCardPath(models, space.Id));
        Progress($"wrote {latencyPath} ({Size(latencyPath)}), saved and reloaded identically");

        // Accuracy.
        MeasurementTable? accuracyTable = null;
        if (request.Accuracy is { } accuracyFile)
        {
            accuracyTable = EvalCommonOptions.Load(accuracyFile, space);
            if (!accuracyTable.HasDevice(request.Metric))
                throw new ArgumentException($"--metric '{request.Metric}' is not a column of {accuracyFile}; available: {string.Join(", ", accuracyTable.Devices)}");
            var measured = accuracyTable.MeasuredRows(request.Metric).Length;
            var trainCount = request.AccuracySamples ?? (int)(0.8 * measured);
            Stage($"training the {request.Metric} accuracy predictor on {trainCount} of {measured} architectures, scoring it on the rest");
            var (accuracyModel, scores) = TrainingChecks.AccuracyHoldout(accuracyTable, request.Metric, trainCount, request.Seed);
            var path = PretrainedModels.AccuracyPath(models, space.Id, request.Metric);
            AccuracyModelFile.Save(accuracyModel, path);
            new ModelCard
            {
                Kind = "accuracy", Method = "fasttree-crossfit", Space = space.Id, Devices = [request.Metric], TrainingRows = trainCount,
                Scores = scores, Seed = request.Seed, DataSources = [DataSource.Of(accuracyFile.ToString())],
                CreatedUtc = DateTimeOffset.UtcNow, Reproduce = request.Reproduce,
            }.Save(PretrainedModels.AccuracyCardPath(models, space.Id, request.Metric));
            Progress(string.Join(", ", scores.Select(p => $"{p.Key} {p.Value:0.000}")));
            Progress($"wrote {path} ({Size(path)})");
        }

        // Neural optimizer.
        if (request.Optimizer)
        {
            Stage($"training the neural optimizer on {devices.Count} devices ({request.Metric} accuracy)");
            var source = new TableAccuracySource(accuracyTable!, space, request.Metric);
            var trained = new NeuralOptimizerTrainer(new NeuralOptimizerTrainer.Options { Seed = request.Seed })
                .Train(training, latencyModel, source, null, cancellationToken, Progress);
            var path = PretrainedModels.OptimizerPath(models, space.Id);
            trained.Save(path);
            new ModelCard
            {
                Kind = "optimizer", Method = NeuralDesignOptimizer.OptimizerName, Space = space.Id, Devices = devices, TrainingRows = rows,
                Scores = new Dictionary<string, double> { ["trainSeconds"] = trained.TrainingSeconds },
                Seed = request.Seed, DataSources = [DataSource.Of(request.Train.ToString()), DataSource.Of(request.Accuracy!.ToString())],
                CreatedUtc = DateTimeOffset.UtcNow, Reproduce = request.Reproduce,
            }.Save(PretrainedModels.OptimizerCardPath(models, space.Id));
            Progress($"wrote {path} ({Size(path)}) and {path}.json");
        }

        var markdown = PretrainedModels.WriteMarkdown(models, space.Id);
        AnsiConsole.MarkupLineInterpolated($"[green]done[/] in {clock.Elapsed.TotalSeconds:0} s: {models} (cards summarized in {markdown})");
        return 0;
    }

    /// <summary>The devices to learn from; an unknown name is an error listing the CSV's devices.</summary>
    private static IReadOnlyList<string> SelectDevices(MeasurementTable table, string? list)
    {
        var requested = EvalCommonOptions.SplitList(list);
        if (requested is null) return table.Devices;
        foreach (var device in requested)
            if (!table.HasDevice(device))
                throw new ArgumentException($"--train-devices: '{device}' is not a device of the CSV; available: {string.Join(", ", table.Devices)}");
        if (requested.Distinct(StringComparer.Ordinal).Count() != requested.Count)
            throw new ArgumentException("--train-devices: a device is listed twice");
        return requested;
    }

    /// <summary>Reloads the saved file and checks that it predicts exactly as the trained model (guards against unsaved state).</summary>
    private static void VerifyRoundTrip(ILatencyModel model, string path, LatencyTrainingData training)
    {
        var loaded = LatencyModelFile.Load(path);
        var random = new Random(17);
        var candidates = Enumerable.Range(0, 300).Select(_ => training.Space.Sample(random)).Distinct().ToArray();
        var chosen = model.ChooseMeasurements(candidates, [], 10);
        if (!chosen.SequenceEqual(loaded.ChooseMeasurements(candidates, [], 10)))
            throw new InvalidOperationException($"{path}: the reloaded model chooses other measurements than the trained one; the file format misses some state");
        if (training.Devices.Count == 0) return;
        var device = training.Devices[0];
        var logs = training.LogColumn(device);
        var observations = Enumerable.Range(0, logs.Length).Where(r => !double.IsNaN(logs[r])).Take(12)
            .Select(r => new LatencyObservation(training.Architectures[r], Math.Exp(logs[r]))).ToArray();
        var expected = model.Adapt(observations).Predict(candidates);
        var actual = loaded.Adapt(observations).Predict(candidates);
        if (!expected.SequenceEqual(actual))
            throw new InvalidOperationException($"{path}: the reloaded model predicts differently from the trained one; the file format misses some state");
    }

    private static Dictionary<string, double> WithTiming(IReadOnlyDictionary<string, double> scores, double trainSeconds) =>
        new(scores) { ["trainSeconds"] = Math.Round(trainSeconds, 1) };

    private static string Size(string path) => $"{new FileInfo(path).Length / 1024.0:0} KiB";

    /// <summary>The command line as typed (after the program name), for the cards' Reproduce field.</summary>
    private static string Reproduce(ParseResult parse) =>
        "edgeopt " + string.Join(" ", parse.Tokens.Select(t => Quote(t.Value)));

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "-_./,:=+@".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

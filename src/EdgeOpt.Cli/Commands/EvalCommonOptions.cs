using System.CommandLine;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// The options the <c>edgeopt eval</c> verbs share (evaluation guide): --space, --train, --train-devices,
/// --train-samples, --test, --test-devices, --samples, --seed, --method, --target and --json, declared once, added to a
/// verb's command in one order, and read into the tables and the <see cref="LatencyEvaluationSetup"/> the same way.
/// A verb words --train, --train-devices and --samples for what it does and brings its own --method (or none).
/// </summary>
internal sealed class EvalCommonOptions
{
    public const string DefaultTrainDescription = "CSV of the devices already known (none when omitted)";
    public const string DefaultTrainDevicesDescription = "Known devices to use, comma-separated (default: all but the test devices)";

    /// <param name="samplesDescription">What --samples means for the verb.</param>
    /// <param name="method">The verb's --method, or null when it has none.</param>
    /// <param name="trainRequired">Whether --train must be given (otherwise no device is known without it).</param>
    public EvalCommonOptions(
        string samplesDescription, Option<string?>? method, bool trainRequired = false,
        string trainDescription = DefaultTrainDescription, string trainDevicesDescription = DefaultTrainDevicesDescription)
    {
        Train = new Option<FileInfo?>("--train") { Description = trainDescription, Required = trainRequired };
        TrainDevices = new Option<string?>("--train-devices") { Description = trainDevicesDescription };
        Samples = new Option<int>("--samples") { Description = samplesDescription, DefaultValueFactory = _ => 10 };
        Method = method;
    }

    public Option<string> Space { get; } = SpaceOption();
    public Option<FileInfo?> Train { get; }
    public Option<string?> TrainDevices { get; }
    public Option<int?> TrainSamples { get; } = TrainSamplesOption();
    public Option<FileInfo> Test { get; } = new("--test") { Description = "CSV of the devices to treat as new", Required = true };
    public Option<string?> TestDevices { get; } = new("--test-devices") { Description = "Devices to treat as new, comma-separated (default: all)" };
    public Option<int> Samples { get; }
    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
    public Option<string?>? Method { get; }
    public Option<string> Target { get; } = TargetOption();
    public Option<FileInfo?> Json { get; } = JsonOption();

    /// <summary>
    /// Adds, in this order: --space, --train, --train-devices, --train-samples, --test, --test-devices, --samples,
    /// --seed, --method (when the verb has one), --target, then <paramref name="verbOptions"/>, then --json.
    /// </summary>
    public void AddTo(Command command, params Option[] verbOptions)
    {
        Option[] data = [Space, Train, TrainDevices, TrainSamples, Test, TestDevices, Samples, Seed];
        foreach (var option in data) command.Options.Add(option);
        if (Method is not null) command.Options.Add(Method);
        command.Options.Add(Target);
        foreach (var option in verbOptions) command.Options.Add(option);
        command.Options.Add(Json);
    }

    /// <summary>Whether --train and --test name the same file (then each test device is left out of training in turn).</summary>
    public bool TrainIsTest(ParseResult parse) =>
        parse.GetValue(Train) is { } train && SameFile(train, parse.GetRequiredValue(Test));

    /// <summary>
    /// The space, the tables (loaded once when --train and --test name the same file, so that the train table is the
    /// test table) and the device lists, samples, seed and target.
    /// </summary>
    public LatencyEvaluationSetup ReadSetup(ParseResult parse)
    {
        var space = SearchSpaces.Get(parse.GetRequiredValue(Space));
        var trainFile = parse.GetValue(Train);
        var testFile = parse.GetRequiredValue(Test);
        var train = trainFile is null ? null : Load(trainFile, space);
        return new LatencyEvaluationSetup
        {
            Space = space,
            Train = train,
            TrainDevices = SplitList(parse.GetValue(TrainDevices)),
            TrainSamples = parse.GetValue(TrainSamples),
            Test = train is not null && SameFile(trainFile!, testFile) ? train : Load(testFile, space),
            TestDevices = SplitList(parse.GetValue(TestDevices)),
            Samples = parse.GetValue(Samples),
            Seed = parse.GetValue(Seed),
            Target = parse.GetValue(Target) ?? "latency",
        };
    }

    /// <summary>Saves the report with <paramref name="save"/> when --json was given, and says where.</summary>
    public void SaveJson(ParseResult parse, Action<string> save) => SaveJson(parse, Json, save);

    /// <inheritdoc cref="SaveJson(ParseResult, Action{string})"/>
    public static void SaveJson(ParseResult parse, Option<FileInfo?> json, Action<string> save)
    {
        if (parse.GetValue(json) is not { } jsonFile) return;
        save(jsonFile.FullName);
        AnsiConsole.MarkupLineInterpolated($"[grey]JSON written to {jsonFile.FullName}[/]");
    }

    public static Option<string> SpaceOption() =>
        new("--space") { Description = "Search space: " + string.Join("|", SearchSpaces.Ids), Required = true };

    public static Option<int?> TrainSamplesOption() =>
        new("--train-samples") { Description = "Measurements per known device that may be used (default: all)" };

    /// <summary>--method for the verbs that evaluate a latency method (default <see cref="LatencyMethods.Default"/>).</summary>
    public static Option<string?> LatencyMethodOption() => new("--method")
    {
        Description = "Method: " + string.Join("|", LatencyMethods.Names),
        DefaultValueFactory = _ => LatencyMethods.Default,
    };

    public static Option<string> TargetOption()
    {
        var target = new Option<string>("--target") { Description = "What the cells measure: latency (ms) or energy (mJ)", DefaultValueFactory = _ => "latency" };
        target.AcceptOnlyFromAmong("latency", "energy");
        return target;
    }

    public static Option<FileInfo?> JsonOption() => new("--json") { Description = "Write the result as JSON to this file" };

    /// <summary>Loads a measurement CSV of the space; a missing file or an architecture the space rejects is an error that names it.</summary>
    internal static MeasurementTable Load(FileInfo file, ISearchSpace space)
    {
        if (!file.Exists) throw new FileNotFoundException($"no such CSV file: {file.FullName}", file.FullName);
        return MeasurementCsv.Load(file.FullName, space.Id, text => space.TryParse(text, out _, out var error) ? null : error);
    }

    /// <summary>A comma-separated list, or null when empty.</summary>
    internal static IReadOnlyList<string>? SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool SameFile(FileInfo a, FileInfo b) =>
        string.Equals(Path.GetFullPath(a.FullName), Path.GetFullPath(b.FullName), StringComparison.Ordinal);
}

using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Persistence;

/// <summary>
/// Where pretrained models live and how their files are named. Layout of a models folder:
/// <code>
/// models/&lt;space&gt;/latency.model             latency.card.json
/// models/&lt;space&gt;/accuracy-&lt;dataset&gt;.model  accuracy-&lt;dataset&gt;.card.json
/// models/&lt;space&gt;/optimizer.pt  optimizer.pt.json  optimizer.card.json
/// models/&lt;space&gt;/MODEL_CARD.md               (every card of the space in Markdown)
/// </code>
/// </summary>
public static class PretrainedModels
{
    /// <summary>Environment variable naming a models folder (used when no folder is given explicitly).</summary>
    public const string EnvironmentVariable = "EDGEOPT_MODELS";

    public const string FolderName = "models";

    /// <summary>
    /// The models folder to use: <paramref name="explicitDirectory"/> when given (it must exist:
    /// <see cref="DirectoryNotFoundException"/> otherwise), else <c>$EDGEOPT_MODELS</c> when set and present, else
    /// <c>&lt;app base&gt;/models</c> (the CLI and server copy the repository's models there), else the nearest
    /// <c>models</c> folder holding a space subfolder found walking up from the app base (a source checkout).
    /// Null when none is found.
    /// </summary>
    public static string? Locate(string? explicitDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            var full = Path.GetFullPath(explicitDirectory);
            return Directory.Exists(full) ? full : throw new DirectoryNotFoundException($"models folder {full} does not exist");
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment) && Directory.Exists(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FolderName);
            if (HoldsModels(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Whether a folder has at least one space subfolder with a model file or card.</summary>
    public static bool HoldsModels(string directory) =>
        Directory.Exists(directory) &&
        Directory.EnumerateDirectories(directory).Any(space =>
            Directory.EnumerateFiles(space, "*.model").Any() || Directory.EnumerateFiles(space, "*.card.json").Any());

    public static string SpaceFolder(string modelsDirectory, string space) => Path.Combine(modelsDirectory, space);

    public static string LatencyPath(string modelsDirectory, string space) => Path.Combine(modelsDirectory, space, "latency.model");

    public static string LatencyCardPath(string modelsDirectory, string space) => Path.Combine(modelsDirectory, space, "latency.card.json");

    public static string AccuracyPath(string modelsDirectory, string space, string dataset) =>
        Path.Combine(modelsDirectory, space, $"accuracy-{dataset}.model");

    public static string AccuracyCardPath(string modelsDirectory, string space, string dataset) =>
        Path.Combine(modelsDirectory, space, $"accuracy-{dataset}.card.json");

    /// <summary>The neural optimizer's weights (its sidecar is this path + ".json").</summary>
    public static string OptimizerPath(string modelsDirectory, string space) => Path.Combine(modelsDirectory, space, "optimizer.pt");

    public static string OptimizerCardPath(string modelsDirectory, string space) => Path.Combine(modelsDirectory, space, "optimizer.card.json");

    public static string MarkdownPath(string modelsDirectory, string space) => Path.Combine(modelsDirectory, space, "MODEL_CARD.md");

    /// <summary>The space's pretrained latency model, or null when the folder has none.</summary>
    public static ILatencyModel? TryLoadLatency(string modelsDirectory, string space)
    {
        var path = LatencyPath(modelsDirectory, space);
        return File.Exists(path) ? LatencyModelFile.Load(path) : null;
    }

    /// <summary>The space's pretrained accuracy predictor for a dataset, or null when the folder has none.</summary>
    public static AccuracyModel? TryLoadAccuracy(string modelsDirectory, string space, string dataset)
    {
        var path = AccuracyPath(modelsDirectory, space, dataset);
        return File.Exists(path) ? AccuracyModelFile.Load(path) : null;
    }

    /// <summary>The datasets with a pretrained accuracy predictor for the space (from the file names).</summary>
    public static IReadOnlyList<string> AccuracyDatasets(string modelsDirectory, string space)
    {
        var folder = SpaceFolder(modelsDirectory, space);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "accuracy-*.model")
            .Select(f => Path.GetFileNameWithoutExtension(f)["accuracy-".Length..])
            .Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Writes the space's MODEL_CARD.md from every card in its folder (latency, accuracy, optimizer).</summary>
    public static string WriteMarkdown(string modelsDirectory, string space)
    {
        var folder = SpaceFolder(modelsDirectory, space);
        var cards = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.card.json").Order(StringComparer.Ordinal).Select(ModelCard.Load).ToArray()
            : [];
        var text = $"# Pretrained models for '{space}'\n\nGenerated by `edgeopt train`; see ../README.md for the layout.\n\n" +
                   string.Join("\n", cards.Select(c => c.ToMarkdown()));
        var path = MarkdownPath(modelsDirectory, space);
        Directory.CreateDirectory(folder);
        File.WriteAllText(path, text);
        return path;
    }
}

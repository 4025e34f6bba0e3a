using System.Globalization;
using System.Text;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>`edgeopt train`: writes the models layout with cards, and names what is wrong on bad input.</summary>
public sealed class TrainVerbTests
{
    /// <summary>A small NAS-Bench-201 latency CSV: three devices with their own per-operation costs.</summary>
    private static string WriteLatencyCsv(TempFolder folder)
    {
        var random = new Random(2);
        var space = SearchSpaces.Nb201;
        var architectures = Enumerable.Range(0, 400).Select(_ => space.Sample(random)).Distinct().Take(120).ToArray();
        var text = new StringBuilder("arch,dev_a,dev_b,dev_c\n");
        foreach (var a in architectures)
        {
            var costs = new[] { 1.0, 1.7, 0.6 }.Select((speed, d) =>
                speed * (1 + a.Choices.Select((c, e) => ((c * (3 + d) + e) % 5) * 0.4).Sum()));
            text.Append(space.Format(a)).Append(',')
                .AppendJoin(',', costs.Select(c => c.ToString("0.####", CultureInfo.InvariantCulture))).Append('\n');
        }
        var path = folder.Combine("latency.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Exit code 2 and one error message (Spectre may wrap it over lines at 80 columns) holding the parts.</summary>
    private static void UsageError(CliResult result, params string[] parts)
    {
        Assert.True(result.ExitCode == 2, $"expected exit code 2: {result}");
        static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var message = Squeeze(result.Stderr);
        Assert.StartsWith("error:", message);
        foreach (var part in parts) Assert.Contains(Squeeze(part), message);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
        Assert.DoesNotContain("Exception", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Train_Ridge_WritesTheModelCardAndMarkdownThatLoad()
    {
        using var folder = new TempFolder();
        var csv = WriteLatencyCsv(folder);

        var result = await EdgeOptCli.RunAsync(
            ["train", "--space", "nb201", "--train", csv, "--method", "ridge", "--check-folds", "3", "--out", folder.Combine("models")],
            folder.Path, timeoutSeconds: 120);

        result.Succeeded();
        var models = folder.Combine("models");
        var model = LatencyModelFile.Load(PretrainedModels.LatencyPath(models, "nb201"));
        Assert.Equal(["dev_a", "dev_b", "dev_c"], model.KnownDevices);
        var card = ModelCard.Load(PretrainedModels.LatencyCardPath(models, "nb201"));
        Assert.Equal("ridge", card.Method);
        Assert.Equal(360, card.TrainingRows);
        Assert.InRange(card.Scores["lodo3.k10.srcc"], -1, 1);
        Assert.StartsWith("edgeopt train --space nb201 --train ", card.Reproduce);
        Assert.Equal(64, card.DataSources.Single().Sha256.Length);
        Assert.Contains("## nb201 latency model (ridge)", File.ReadAllText(PretrainedModels.MarkdownPath(models, "nb201")));
    }

    [Fact]
    public async Task Train_UnknownDevice_NamesItAndTheCsvDevices()
    {
        using var folder = new TempFolder();
        var csv = WriteLatencyCsv(folder);

        var result = await EdgeOptCli.RunAsync(["train", "--space", "nb201", "--train", csv, "--train-devices", "dev_a,dev_x"], folder.Path);

        UsageError(result, "--train-devices", "'dev_x'", "available: dev_a, dev_b, dev_c");
    }

    [Fact]
    public async Task Train_MissingCsv_NamesThePath()
    {
        using var folder = new TempFolder();

        var result = await EdgeOptCli.RunAsync(["train", "--space", "nb201", "--train", folder.Combine("nothing.csv")], folder.Path);

        UsageError(result, "nothing.csv");
    }

    [Fact]
    public async Task Train_OptimizerWithoutAccuracy_SaysWhatItNeeds()
    {
        using var folder = new TempFolder();
        var csv = WriteLatencyCsv(folder);

        var result = await EdgeOptCli.RunAsync(["train", "--space", "nb201", "--train", csv, "--optimizer"], folder.Path);

        UsageError(result, "--optimizer needs --accuracy");
    }
}

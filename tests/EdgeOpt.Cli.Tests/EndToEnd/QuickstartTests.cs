using System.Text.RegularExpressions;
using EdgeOpt.Cli.Reports;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Spaces;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>`edgeopt quickstart` as a user runs it: a real process, a real agent measuring this machine, temp folders.</summary>
public sealed partial class QuickstartTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SharedDataFact]
    public async Task Quickstart_WithReplayDevices_WritesAModelThatRuns_AReportNamingDesignAndDecision_AndAPlot()
    {
        string output = _temp.Combine("out"), data = _temp.Combine("data");

        var result = await EdgeOptCli.RunAsync(
        [
            "quickstart", "--out", output, "--data", data,
            "--replay", SharedData.PathOf("nb201/latency.csv"), "--replay-devices", "silver_4114,pixel3", "--replay-rows", "110",
            "--bench-seconds", "1", "--seed", "3",
        ], timeoutSeconds: 240);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.Output, l => l.Contains("measured 10 signature architectures on this machine"));

        // The model is the design, and ONNX Runtime runs it.
        using (var session = new InferenceSession(Path.Combine(output, "model.onnx")))
        {
            var (name, meta) = session.InputMetadata.Single();
            var shape = meta.Dimensions.Select(d => d > 0 ? d : 1).ToArray();
            using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(shape))]);
            Assert.NotEmpty(outputs);
        }

        string md = File.ReadAllText(Path.Combine(output, "report.md"));
        var design = ArchitectureLine().Match(md);
        Assert.True(design.Success, md);
        Assert.True(new Nb201Space().TryParse(design.Groups[1].Value, out _, out var error), error);
        Assert.Matches(@"Decision: \*\*(cross-device|proxy-reuse|proxy-adapt)\*\*", md);
        Assert.Contains("| latency |", md);
        Assert.Contains("measured, median of", md);
        Assert.Contains("## Signature measurements (10)", md);
        Assert.Contains("data:image/png;base64,", File.ReadAllText(Path.Combine(output, "report.html")));

        byte[] png = File.ReadAllBytes(Path.Combine(output, "pareto.png"));
        Assert.True(ParetoPlot.IsPng(png));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((ParetoPlot.Width, ParetoPlot.Height), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task Quickstart_WithoutAPredictorOrReplayData_SaysWhichCommandTrainsOne()
    {
        Directory.CreateDirectory(_temp.Combine("no-models"));

        var result = await EdgeOptCli.RunAsync(
            ["quickstart", "--out", _temp.Combine("out"), "--data", _temp.Combine("data"), "--models", _temp.Combine("no-models")], timeoutSeconds: 120);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Errors, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("no pretrained nb201 latency predictor", error);
        Assert.Contains("edgeopt train --space nb201 --train ../shared/data/nb201/latency.csv --out models", error);
        Assert.Contains("--replay", error);
        Assert.False(File.Exists(_temp.Combine("out", "model.onnx")));
    }

    [Fact]
    public async Task Quickstart_ReplayColumnNotInTheRecording_NamesTheColumnsItHas()
    {
        string csv = _temp.Combine("rec.csv");
        File.WriteAllText(csv, "arch,devA,devB\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1,2\n");

        var result = await EdgeOptCli.RunAsync(
            ["quickstart", "--out", _temp.Combine("out"), "--data", _temp.Combine("data"), "--replay", csv, "--replay-devices", "devC"], timeoutSeconds: 60);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Errors, l => l.Contains("--replay-devices") && l.Contains("'devC'") && l.Contains("devA, devB"));
    }

    [GeneratedRegex(@"- architecture: `([^`]+)`")]
    private static partial Regex ArchitectureLine();
}

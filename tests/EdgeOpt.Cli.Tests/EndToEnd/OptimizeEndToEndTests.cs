using System.Text.Json.Nodes;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Persistence;
using Microsoft.ML.OnnxRuntime;

namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>
/// `edgeopt optimize` as a user runs it: `edgeopt serve` with a latency model in its models folder, a device whose
/// agent measured its signature set with ONNX Runtime on this machine, then the answer verified on that agent.
/// </summary>
public sealed class OptimizeEndToEndTests
{
    private static readonly TimeSpan FleetTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Optimize_WithVerify_PrintsPredictedAndMeasuredFigures_AndWritesALoadableModel()
    {
        using var temp = new TempFolder();
        string models = temp.Combine("models");
        WriteUntrainedRidge(models);
        await using var server = await ServerProcess.StartAsync(temp.Combine("data"), 0,
            [.. FleetSettings.QuickBenchmarks, FleetSettings.SignatureSetSize(10), $"--EdgeOpt:Server:ModelsDirectory={models}",
             // At confidence 0.5 an unmeasured design beats the measured signature designs, so the agent benchmarks it.
             "--EdgeOpt:Optimizer:Confidence=0.5"]);
        var device = await FleetEndToEndTests.RegisterAsync(server, "laptop");
        await using var agent = AgentProcess.Start("agent-laptop", server.Address, device.Token, "--energy-meter", "none");
        await server.SignatureDoneAsync(device.Id, FleetTimeout, () => agent.Process.Transcript);
        var medians = (await server.MeasurementsAsync(device.Id)).Select(m => m.Latency.MedianMs).Order().ToArray();
        double budget = Math.Round(medians[medians.Length / 2] * 1.2, 3);

        string onnx = temp.Combine("out", "model.onnx");
        string json = temp.Combine("out", "answer.json");
        var run = (await EdgeOptCli.AgainstAsync(server, "optimize", "--device", "laptop", "--latency-ms", budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--precision", "fp32,int8", "--verify", "--seed", "0", "--out", onnx, "--json", json, "--timeout", "120")).Succeeded();

        Assert.Contains("search", run.Stdout);
        Assert.Contains("predicted", run.Stdout);
        Assert.Contains("(measured)", run.Stdout);
        var answer = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
        var design = answer["designs"]![0]!;
        Assert.Equal("PROVENANCE_PREDICTED", design["latencyMs"]!["provenance"]!.GetValue<string>());
        var measured = design["verifiedLatency"]!["medianMs"]!.GetValue<double>();
        Assert.True(measured > 0 && measured <= budget, $"measured {measured} ms against {budget} ms\n{run.Stdout}\n{agent.Process.Transcript}");
        Assert.True(agent.Reported().Count > 10, $"no verification benchmark ran after the 10 signature jobs\n{run.Stdout}");
        using var session = new InferenceSession(await File.ReadAllBytesAsync(onnx));
        Assert.Equal("input", session.InputMetadata.Keys.Single());

        var badPrecision = await EdgeOptCli.AgainstAsync(server, "optimize", "--device", "laptop", "--latency-ms", "5", "--precision", "fp32,int4");
        Assert.Equal(2, badPrecision.ExitCode);
        Assert.Contains("--precision: 'int4' is not a precision; allowed: fp32, fp16, int8", badPrecision.Stderr);
        var badMethod = await EdgeOptCli.AgainstAsync(server, "optimize", "--device", "laptop", "--latency-ms", "5", "--method", "annealing");
        Assert.Equal(1, badMethod.ExitCode);
        Assert.Contains("method 'annealing' is unknown; allowed: neural, evolution, exhaustive", badMethod.Stderr);
    }

    /// <summary>A ridge model without known devices: it learns each device from that device's own measurements.</summary>
    internal static void WriteUntrainedRidge(string models)
    {
        var space = SearchSpaces.Get("nb201");
        Directory.CreateDirectory(Path.Combine(models, space.Id));
        using var file = File.Create(Path.Combine(models, space.Id, "latency.model"));
        LatencyModelFile.Save(new RidgeLatencyTrainer().Fit(LatencyTrainingData.None(space), CancellationToken.None), file);
    }
}

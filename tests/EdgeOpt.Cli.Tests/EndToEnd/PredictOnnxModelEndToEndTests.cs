using System.Text.Json.Nodes;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>
/// `edgeopt predict --model net.onnx --device D`: after a replaying agent has measured its signature set, the
/// server predicts an ONNX file's latency from that device's own measurements, with an interval, and names an
/// operator it cannot cost.
/// </summary>
public sealed class PredictOnnxModelEndToEndTests
{
    private const int SignatureSize = 10;

    [Fact]
    public async Task PredictModel_AfterTheSignatureJobs_GivesALatencyWithAnInterval_AndNamesUnsupportedOperators()
    {
        using var temp = new TempFolder();
        string recordingPath = temp.Combine("recording.csv");
        ReplayRecording.WriteNb201(recordingPath, seed: 3, "replay_a");
        await using var server = await ServerProcess.StartAsync(temp.Combine("data"), 0, FleetSettings.SignatureSetSize(SignatureSize));
        var device = await FleetEndToEndTests.RegisterAsync(server, "replay_a");
        await using var agent = AgentProcess.Start("agent-replay", server.Address, device.Token,
            "--replay", recordingPath, "--device", "replay_a", "--space", "nb201");
        await server.SignatureDoneAsync(device.Id, TimeSpan.FromSeconds(120), () => agent.Process.Transcript);

        var space = SearchSpaces.Get("nb201");
        string model = temp.Combine("cell.onnx");
        await File.WriteAllBytesAsync(model, OnnxModelGenerator.Generate(new Design(
            space.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"),
            QuantizationPolicy.Uniform(space.PrecisionSlots, Precision.Fp32))));
        string json = temp.Combine("predict.json");
        var result = (await EdgeOptCli.AgainstAsync(server, "predict", "--device", "replay_a", "--model", model, "--json", json)).Succeeded();
        Assert.Contains("onnx-cost-components", result.Stdout, StringComparison.Ordinal);
        var root = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
        Assert.Equal("onnx-cost-components", root["method"]!.GetValue<string>());
        var latency = root["predictions"]![0]!["latency_ms"]!;
        double value = latency["value"]!.GetValue<double>(), lower = latency["lower"]!.GetValue<double>(), upper = latency["upper"]!.GetValue<double>();
        Assert.True(lower < value && value < upper && value > 0, $"{lower} < {value} < {upper}");
        Assert.Contains($"{SignatureSize} measured models", latency["source"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(root["predictions"]![0]!["energy_mj"]); // a replaying agent reports no energy: none is invented

        // A CNN exported by another tool: CNTK's ResNet18 (64 MB, above the server's 16 MiB message limit) from the ML.NET
        // package. The CLI sends it without its weight values; every operator is costed; at 2 GMACs it lies far beyond the
        // measured 32x32 cells, which the answer says and the interval widens for.
        Assert.Null(PackagedModels.MissingReason);
        Assert.True(new FileInfo(PackagedModels.ResNet18).Length > 16 << 20);
        string resnetJson = temp.Combine("resnet18.json");
        (await EdgeOptCli.AgainstAsync(server, "predict", "--device", "replay_a", "--model", PackagedModels.ResNet18, "--json", resnetJson)).Succeeded();
        var resnet = JsonNode.Parse(await File.ReadAllTextAsync(resnetJson))!["predictions"]![0]!;
        var resnetLatency = resnet["latency_ms"]!;
        double rValue = resnetLatency["value"]!.GetValue<double>(), rLower = resnetLatency["lower"]!.GetValue<double>(), rUpper = resnetLatency["upper"]!.GetValue<double>();
        Assert.True(rLower < rValue && rValue < rUpper && rValue > value, $"ResNet18 {rLower} < {rValue} < {rUpper}; the nb201 cell {value}");
        Assert.True(resnet["extrapolated"]!.GetValue<bool>());
        Assert.Empty(resnet["warnings"]!.AsArray());

        // A model with an operator that has no cost rule: the error names it; the fallback predicts and says so.
        string custom = temp.Combine("custom.onnx");
        var proto = OnnxModelGenerator.GenerateModel(new Design(space.Parse("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"),
            QuantizationPolicy.Uniform(space.PrecisionSlots, Precision.Fp32)));
        var relu = proto.Graph.Node.First(n => n.OpType == "Relu");
        relu.OpType = "Swish";
        relu.Domain = "com.example";
        proto.OpsetImport.Add(new Onnx.OperatorSetIdProto { Domain = "com.example", Version = 1 });
        await File.WriteAllBytesAsync(custom, Google.Protobuf.MessageExtensions.ToByteArray(proto));
        var failed = await EdgeOptCli.AgainstAsync(server, "predict", "--device", "replay_a", "--model", custom);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("com.example.Swish", failed.Stdout + failed.Stderr, StringComparison.Ordinal);
        var fallback = (await EdgeOptCli.AgainstAsync(server, "predict", "--device", "replay_a", "--model", custom, "--allow-unsupported-operators")).Succeeded();
        Assert.Contains("Swish", fallback.Stdout, StringComparison.Ordinal);
    }
}

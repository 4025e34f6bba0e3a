using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Core;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Optimization;

[Collection(OptimizerCollection.Name)]
public sealed class OptimizeTests
{
    [Fact]
    public async Task Optimize_MeasuredDevice_AnswersACertifiedDesignWithinBudgetWhoseOnnxRuns()
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        var device = await OptimizerFleet.MeasuredDeviceAsync(fleet, "phone");
        var request = OptimizerFleet.Request(device.Id, 4.0, Wire.Precision.Fp32, Wire.Precision.Int8);
        request.IncludeOnnx = true;

        var response = await fleet.Optimizer(TestFleet.OperatorSecret).OptimizeAsync(request);

        var answer = Assert.Single(response.Designs);
        Assert.Equal("exhaustive", response.Optimizer);
        Assert.Equal("nb201", answer.Design.Space);
        Assert.Equal(3, answer.Design.Precisions.Count);
        Assert.Equal(Wire.Provenance.Predicted, answer.LatencyMs.Provenance);
        Assert.True(answer.LatencyMs.Upper <= 4.0 * 1.0001, $"the 90 % upper bound {answer.LatencyMs.Upper} ms exceeds the 4 ms budget");
        Assert.True(answer.FitConfidence >= 0.9, $"fit confidence {answer.FitConfidence}");
        // No accuracy model on this server: the capacity proxy's figure is an estimate, and says so.
        Assert.Equal(Wire.Provenance.Estimated, answer.Accuracy.Provenance);
        Assert.StartsWith("capacity-proxy", answer.Accuracy.Source);
        Assert.Equal("ridge/v1", answer.LatencyMs.Source);
        Assert.Contains(response.Notes, n => n.StartsWith("optimizer: exhaustive (the default for nb201", StringComparison.Ordinal));
        Assert.Contains(response.Notes, n => n.StartsWith("certified", StringComparison.Ordinal) || n.StartsWith("repaired", StringComparison.Ordinal));

        using var session = new InferenceSession(answer.OnnxModel.ToByteArray());
        var input = new DenseTensor<float>(new float[3 * 32 * 32], [1, 3, 32, 32]);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        Assert.Equal(100, outputs.Single().AsTensor<float>().Length);
    }

    [Fact]
    public async Task Optimize_WithoutVerification_AnswersAMeasuredDesignWhenTheUnmeasuredOneIsWorthLess()
    {
        // At confidence 0.5 the optimizer answers an unmeasured design (as in VerifyOnDeviceTests); with a 0.9 unmodeled
        // miss rate any design measured within the budget is worth more than it.
        await using var fleet = await OptimizerFleet.StartAsync(o =>
        {
            o.Confidence = 0.5;
            o.UnmodeledMissRate = 0.9;
        });
        var device = await OptimizerFleet.MeasuredDeviceAsync(fleet, "phone");
        var within = (await Scenario.MeasurementsAsync(fleet, device.Id)).Where(m => m.Latency.MedianMs <= 5.0).Select(m => m.Design.Arch).ToList();
        Assert.NotEmpty(within);

        var response = await fleet.Optimizer(TestFleet.OperatorSecret).OptimizeAsync(OptimizerFleet.Request(device.Id, 5.0));

        Assert.Contains(Assert.Single(response.Designs).Design.Arch, within);
        Assert.True(response.Notes.Any(n => n.StartsWith("answered ", StringComparison.Ordinal) && n.Contains("unmodeled miss rate", StringComparison.Ordinal)), string.Join("\n", response.Notes));
    }

    [Fact]
    public async Task OptimizeStream_ReportsStagesInOrderAndEndsWithTheParetoSet()
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        var device = await OptimizerFleet.MeasuredDeviceAsync(fleet, "board");
        var request = OptimizerFleet.Request(device.Id, 6.0);
        request.Pareto = true;
        request.Method = "evolution";

        using var call = fleet.Optimizer(TestFleet.OperatorSecret).OptimizeStream(request);
        var messages = new List<Wire.OptimizeProgress>();
        while (await call.ResponseStream.MoveNext(TestTimeout.Token())) messages.Add(call.ResponseStream.Current);

        var stages = messages.Select(m => m.Stage).ToList();
        Assert.True(stages.IndexOf("predictor") < stages.IndexOf("search") && stages.IndexOf("search") < stages.IndexOf("certification"),
            string.Join(", ", stages));
        Assert.Equal(messages.Select(m => m.Fraction).Order(), messages.Select(m => m.Fraction));
        var result = messages[^1].Result;
        Assert.NotNull(result);
        Assert.Equal("evolution", result.Optimizer);
        Assert.True(result.Designs.Count > 1, "a Pareto request returns several designs");
        Assert.All(result.Designs, d => Assert.True(d.LatencyMs.Value <= 6.0, $"{d.Design.Arch} at {d.LatencyMs.Value} ms"));
        Assert.True(result.Designs.Skip(1).All(d => d.Accuracy.Value <= result.Designs[0].Accuracy.Value + 1e-9),
            "the answer is the most accurate design of the set under an accuracy-only objective");
    }

    [Theory]
    [InlineData("no-latency", StatusCode.InvalidArgument, "budgets.latency_ms", "finite and > 0")]
    [InlineData("negative-latency", StatusCode.InvalidArgument, "budgets.latency_ms", "finite and > 0")]
    [InlineData("negative-energy", StatusCode.InvalidArgument, "budgets.energy_mj", "finite and > 0")]
    [InlineData("precision", StatusCode.InvalidArgument, "allowed_precisions[1]", "fp32, fp16, int8")]
    [InlineData("method", StatusCode.InvalidArgument, "method 'annealing'", "neural, evolution, exhaustive")]
    [InlineData("neural", StatusCode.FailedPrecondition, "method 'neural': no trained neural optimizer", "allowed now: evolution, exhaustive")]
    [InlineData("space", StatusCode.InvalidArgument, "space 'resnet'", "nb201")]
    [InlineData("features-verify", StatusCode.InvalidArgument, "verify_on_device", "device.device_id")]
    public async Task Optimize_BadRequest_NamesTheFieldAndTheAllowedValues(string flaw, StatusCode code, string field, string allowed)
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        var device = flaw == "neural" ? (await OptimizerFleet.MeasuredDeviceAsync(fleet, "plain")).Id : "dev_unknown";
        var request = OptimizerFleet.Request(device, 5.0);
        switch (flaw)
        {
            case "no-latency": request.Budgets = new Wire.Budgets(); break;
            case "negative-latency": request.Budgets.LatencyMs = -1; break;
            case "negative-energy": request.Budgets.EnergyMj = -3; break;
            case "precision": request.AllowedPrecisions.Add([Wire.Precision.Fp32, (Wire.Precision)9]); break;
            case "method": request.Method = "annealing"; break;
            case "neural": request.Method = "neural"; break;
            case "space": request.Space = "resnet"; break;
            case "features-verify":
                request.Device = new Wire.DeviceRef { Features = new Wire.DeviceFeatures { Space = "nb201" } };
                request.Device.Features.Points.Add(new Wire.SignaturePoint { Arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|skip_connect~1|skip_connect~2|", LatencyMs = 3 });
                request.VerifyOnDevice = true;
                break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => fleet.Optimizer(TestFleet.OperatorSecret).OptimizeAsync(request).ResponseAsync);

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
        Assert.Contains(allowed, error.Status.Detail);
    }

    [Fact]
    public async Task Optimize_RawFeatures_AnswersWithoutARegisteredDevice()
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        var space = EdgeOpt.Core.Spaces.SearchSpaces.Get("nb201");
        var features = new Wire.DeviceFeatures { Space = "nb201" };
        foreach (var index in new[] { 9, 55, 431, 1462, 6196, 8636, 9881, 11982, 13479, 14451 })
        {
            var arch = space.Format(space.Enumerate().ElementAt(index));
            features.Points.Add(new Wire.SignaturePoint { Arch = arch, LatencyMs = OptimizerFleet.LatencyMs(arch) });
        }
        var request = new Wire.OptimizeRequest { Device = new Wire.DeviceRef { Features = features }, Budgets = new Wire.Budgets { LatencyMs = 5 } };

        var response = await fleet.Optimizer(TestFleet.OperatorSecret).OptimizeAsync(request);

        Assert.True(Assert.Single(response.Designs).LatencyMs.Value <= 5);
        Assert.Contains(response.Notes, n => n.Contains("device.features", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Optimize_WithTheShippedModels_DefaultsToTheNeuralOptimizerAndPredictedAccuracy()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "models");
        Assert.True(File.Exists(Path.Combine(shipped, "nb201", "optimizer.pt")), $"the repository's models/ is copied to {shipped}");
        await using var fleet = await TestFleet.StartAsync(o => o.ModelsDirectory = shipped, callDeadline: TimeSpan.FromSeconds(90));
        var device = await OptimizerFleet.MeasuredDeviceAsync(fleet, "shipped");

        var response = await fleet.Optimizer(TestFleet.OperatorSecret).OptimizeAsync(OptimizerFleet.Request(device.Id, 5.0));

        Assert.Equal("neural", response.Optimizer);
        Assert.Contains(response.Notes, n => n.StartsWith("optimizer: neural (the default for nb201", StringComparison.Ordinal));
        var answer = Assert.Single(response.Designs);
        Assert.NotEqual(Wire.Provenance.Estimated, answer.Accuracy.Provenance);
        Assert.DoesNotContain("capacity-proxy", answer.Accuracy.Source);
        Assert.True(answer.FitConfidence >= 0.9 || response.Notes.Any(n => n.StartsWith("not certified", StringComparison.Ordinal)),
            string.Join("\n", response.Notes));
    }
}

using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Predictors;

/// <summary>Predictor RPCs refuse bad input naming the field, and keep to their roles (no model needed).</summary>
public sealed class PredictorBadInputTests
{
    private const string Cell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|none~1|avg_pool_3x3~2|";

    [Theory]
    [InlineData(1.0, "interval_level")]
    [InlineData(-0.2, "interval_level")]
    public async Task Predict_IntervalLevelOutsideZeroOne_NamesTheField(double level, string field)
    {
        await using var fleet = await TestFleet.StartAsync();
        var request = Request();
        request.IntervalLevel = level;

        var e = await Assert.ThrowsAsync<RpcException>(() => fleet.Predictor(TestFleet.OperatorSecret).PredictAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(field, e.Status.Detail);
        Assert.Contains("strictly between 0 and 1", e.Status.Detail);
    }

    [Fact]
    public async Task Predict_BadTargetsAndMetrics_NameTheFieldAndTheAllowedValues()
    {
        await using var fleet = await TestFleet.StartAsync();
        var predictor = fleet.Predictor(TestFleet.OperatorSecret);

        var badArch = Request();
        badArch.Targets.Add(new Wire.PredictTarget { Design = new Wire.Design { Space = "nb201", Arch = "|conv~0|" } });
        var badPrecisions = Request();
        badPrecisions.Targets[0].Design.Precisions.Add(Wire.Precision.Int8);
        var mixedSpaces = Request();
        mixedSpaces.Targets.Add(new Wire.PredictTarget { Design = new Wire.Design { Space = "fbnet", Arch = string.Join(' ', Enumerable.Repeat("skip", 22)) } });
        var metric = Request();
        metric.Metrics.Add((Wire.Metric)9);
        var noDevice = Request();
        noDevice.Device = null;
        var onnx = Request();
        onnx.Targets.Add(new Wire.PredictTarget { OnnxModel = Google.Protobuf.ByteString.CopyFrom(1, 2, 3) });

        var errors = new Dictionary<string, RpcException>();
        foreach (var (name, request) in new[] { ("arch", badArch), ("precisions", badPrecisions), ("spaces", mixedSpaces), ("metric", metric), ("device", noDevice), ("onnx", onnx) })
            errors[name] = await Assert.ThrowsAsync<RpcException>(() => predictor.PredictAsync(request).ResponseAsync);

        Assert.Contains("targets[1].design.arch", errors["arch"].Status.Detail);
        Assert.Contains("targets[0].design.precisions has 1 entries", errors["precisions"].Status.Detail);
        Assert.Contains("targets[1].design.space", errors["spaces"].Status.Detail);
        Assert.Contains("metrics[0]", errors["metric"].Status.Detail);
        Assert.Contains("METRIC_LATENCY, METRIC_ACCURACY, METRIC_ENERGY", errors["metric"].Status.Detail);
        Assert.Contains("device is required", errors["device"].Status.Detail);
        Assert.All(errors, p => Assert.Equal(StatusCode.InvalidArgument, p.Value.StatusCode));
        Assert.Contains("targets[1].onnx_model", errors["onnx"].Status.Detail);
        Assert.Contains("designs or ONNX models, not both", errors["onnx"].Status.Detail);
    }

    [Fact]
    public async Task Predict_WithoutAnyPredictor_FailedPreconditionSaysHowToGetOne()
    {
        await using var fleet = await TestFleet.StartAsync(o => o.ModelsDirectory = TestFleet.NewTempDirectory());
        var device = await Scenario.RegisterAsync(fleet, "a", "nb201");

        var e = await Assert.ThrowsAsync<RpcException>(() => fleet.Predictor(TestFleet.OperatorSecret).PredictAsync(Request(device.Id)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("no nb201 latency predictor yet", e.Status.Detail);
        Assert.Contains("edgeopt predictor train --space nb201", e.Status.Detail);
        Assert.Contains(fleet.Logs.Lines, l => l.Contains("No latency predictor for nb201, fbnet, convnet"));
    }

    [Fact]
    public async Task Predict_UnknownDevice_NotFound()
    {
        await using var fleet = await TestFleet.StartAsync();

        var e = await Assert.ThrowsAsync<RpcException>(() => fleet.Predictor(TestFleet.OperatorSecret).PredictAsync(Request("dev_missing")).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains("dev_missing", e.Status.Detail);
    }

    [Fact]
    public async Task TrainCardAndReportAccuracy_BadInput_NameTheField()
    {
        await using var fleet = await TestFleet.StartAsync();
        var predictor = fleet.Predictor(TestFleet.OperatorSecret);

        var unknownDevice = await Assert.ThrowsAsync<RpcException>(() =>
            ReplayFleet.TrainAsync(fleet, new Wire.TrainRequest { Space = "nb201", DeviceIds = { "dev_missing" } }));
        var energyTarget = await Assert.ThrowsAsync<RpcException>(() =>
            ReplayFleet.TrainAsync(fleet, new Wire.TrainRequest { Space = "nb201", Target = Wire.Metric.Energy }));
        var noData = await Assert.ThrowsAsync<RpcException>(() => ReplayFleet.TrainAsync(fleet, new Wire.TrainRequest { Space = "nb201" }));
        var badSpace = await Assert.ThrowsAsync<RpcException>(() => ReplayFleet.TrainAsync(fleet, new Wire.TrainRequest { Space = "resnet" }));
        var badCardId = await Assert.ThrowsAsync<RpcException>(() => predictor.GetModelCardAsync(new Wire.GetModelCardRequest { PredictorId = "nb201" }).ResponseAsync);
        var noVersion = await Assert.ThrowsAsync<RpcException>(() => predictor.GetModelCardAsync(new Wire.GetModelCardRequest { PredictorId = "nb201-latency", Version = 3 }).ResponseAsync);
        var badTop1 = await Assert.ThrowsAsync<RpcException>(() => predictor.ReportAccuracyAsync(new Wire.ReportAccuracyRequest
        {
            Design = new Wire.Design { Space = "nb201", Arch = Cell }, Dataset = "cifar100", Top1 = 140,
        }).ResponseAsync);
        var noDataset = await Assert.ThrowsAsync<RpcException>(() => predictor.ReportAccuracyAsync(new Wire.ReportAccuracyRequest
        {
            Design = new Wire.Design { Space = "nb201", Arch = Cell }, Top1 = 70,
        }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, unknownDevice.StatusCode);
        Assert.Contains("device_ids[0]", unknownDevice.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, energyTarget.StatusCode);
        Assert.Contains("target", energyTarget.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, noData.StatusCode);
        Assert.Contains("no device has nb201 measurements", noData.Status.Detail);
        Assert.Contains("space 'resnet'", badSpace.Status.Detail);
        Assert.Contains("predictor_id 'nb201'", badCardId.Status.Detail);
        Assert.Contains("nb201-latency", badCardId.Status.Detail);
        Assert.Equal(StatusCode.NotFound, noVersion.StatusCode);
        Assert.Contains("top1 is 140", badTop1.Status.Detail);
        Assert.Contains("dataset", noDataset.Status.Detail);
    }

    [Fact]
    public async Task Roles_DevelopersPredictAndReadCards_OnlyOperatorsTrain_AgentsNeither()
    {
        await using var fleet = await TestFleet.StartAsync(o => o.ModelsDirectory = TestFleet.NewTempDirectory());
        var developer = (await fleet.Operator.IssueTokenAsync(new Wire.IssueTokenRequest { Role = Wire.Role.Developer })).Token;
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a", "convnet");

        var developerPredict = await Assert.ThrowsAsync<RpcException>(() => fleet.Predictor(developer).PredictAsync(Request(device.Id)).ResponseAsync);
        var developerCard = await Assert.ThrowsAsync<RpcException>(() =>
            fleet.Predictor(developer).GetModelCardAsync(new Wire.GetModelCardRequest { PredictorId = "nb201-latency" }).ResponseAsync);
        var developerTrain = await Assert.ThrowsAsync<RpcException>(() => ReplayFleet.TrainAsync(fleet, new Wire.TrainRequest { Space = "nb201" }, developer));
        var agentPredict = await Assert.ThrowsAsync<RpcException>(() => fleet.Predictor(device.AgentToken).PredictAsync(Request(device.Id)).ResponseAsync);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => fleet.Predictor(null).PredictAsync(Request(device.Id)).ResponseAsync);

        // Past the role check, a developer meets the state: no predictor yet, no card yet.
        Assert.Equal(StatusCode.FailedPrecondition, developerPredict.StatusCode);
        Assert.Equal(StatusCode.NotFound, developerCard.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, developerTrain.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, agentPredict.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    private static Wire.PredictRequest Request(string deviceId = "dev_any")
    {
        var request = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = deviceId } };
        request.Targets.Add(new Wire.PredictTarget { Design = new Wire.Design { Space = "nb201", Arch = Cell } });
        return request;
    }
}

using Grpc.Health.V1;
using EdgeOpt.Server.Auth;
using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Auth;

public sealed class TokenAndRoleTests
{
    [Fact]
    public async Task NoToken_Unauthenticated()
    {
        await using var fleet = await TestFleet.StartAsync();

        var e = await Assert.ThrowsAsync<RpcException>(() => fleet.Fleet(null).ListDevicesAsync(new Wire.ListDevicesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Contains("authorization: Bearer", e.Status.Detail);
    }

    [Fact]
    public async Task UnknownToken_Unauthenticated()
    {
        await using var fleet = await TestFleet.StartAsync();

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            fleet.Fleet(TokenSecrets.NewSecret()).ListDevicesAsync(new Wire.ListDevicesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task AgentToken_OnAnOperatorMethod_PermissionDeniedNamingTheRoles()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAsync(fleet, "a");

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            fleet.Fleet(device.AgentToken).RegisterDeviceAsync(new Wire.RegisterDeviceRequest { Name = "b" }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("needs role operator", e.Status.Detail);
        Assert.Contains("has role agent", e.Status.Detail);
    }

    [Fact]
    public async Task DeveloperToken_ReadsDevicesButCannotRegisterOrCallAgentMethods()
    {
        await using var fleet = await TestFleet.StartAsync();
        await Scenario.RegisterAsync(fleet, "a");
        var issued = await fleet.Operator.IssueTokenAsync(new Wire.IssueTokenRequest { Role = Wire.Role.Developer, Label = "alice" });
        var developer = fleet.Fleet(issued.Token);

        var listed = await developer.ListDevicesAsync(new Wire.ListDevicesRequest());
        var register = await Assert.ThrowsAsync<RpcException>(() =>
            developer.RegisterDeviceAsync(new Wire.RegisterDeviceRequest { Name = "b" }).ResponseAsync);
        var enroll = await Assert.ThrowsAsync<RpcException>(() =>
            fleet.Agent(issued.Token).EnrollAsync(new Wire.EnrollRequest()).ResponseAsync);

        Assert.Single(listed.Devices);
        Assert.Equal(StatusCode.PermissionDenied, register.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, enroll.StatusCode);
    }

    [Fact]
    public async Task RevokedToken_Unauthenticated_AndRevokingAgainReportsFalse()
    {
        await using var fleet = await TestFleet.StartAsync();
        var issued = await fleet.Operator.IssueTokenAsync(new Wire.IssueTokenRequest { Role = Wire.Role.Developer });
        await fleet.Fleet(issued.Token).ListDevicesAsync(new Wire.ListDevicesRequest());

        var first = await fleet.Operator.RevokeTokenAsync(new Wire.RevokeTokenRequest { TokenId = issued.TokenId });
        var second = await fleet.Operator.RevokeTokenAsync(new Wire.RevokeTokenRequest { TokenId = issued.TokenId });
        var e = await Assert.ThrowsAsync<RpcException>(() => fleet.Fleet(issued.Token).ListDevicesAsync(new Wire.ListDevicesRequest()).ResponseAsync);

        Assert.True(first.Revoked);
        Assert.False(second.Revoked);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Contains("revoked", e.Status.Detail);
    }

    [Fact]
    public async Task RevokingTheLastOperatorToken_FailedPrecondition()
    {
        await using var fleet = await TestFleet.StartAsync();
        var self = fleet.Service<TokenService>().Authenticate(TestFleet.OperatorSecret)!;

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            fleet.Operator.RevokeTokenAsync(new Wire.RevokeTokenRequest { TokenId = self.Id }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("last active operator token", e.Status.Detail);
    }

    [Fact]
    public async Task IssuedAgentToken_ActsForItsDevice()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAsync(fleet, "a");
        var issued = await fleet.Operator.IssueTokenAsync(new Wire.IssueTokenRequest { Role = Wire.Role.Agent, DeviceId = device.Id });

        var enrolled = await fleet.Agent(issued.Token).EnrollAsync(new Wire.EnrollRequest());

        Assert.Equal(device.Id, enrolled.Device.Id);
    }

    [Fact]
    public async Task Agent_ReportingForAnotherDevice_PermissionDenied()
    {
        await using var fleet = await TestFleet.StartAsync();
        var mine = await Scenario.RegisterAndEnrollAsync(fleet, "mine");
        var other = await Scenario.RegisterAndEnrollAsync(fleet, "other");
        var otherJob = (await Scenario.TakeAsync(fleet, other.AgentToken, 1, 1)).Single();
        var agent = fleet.Agent(mine.AgentToken);

        var adHoc = Scenario.MeasurementOf(otherJob.Design);
        adHoc.DeviceId = other.Id;
        var foreignDevice = await Assert.ThrowsAsync<RpcException>(() =>
            agent.ReportMeasurementsAsync(Scenario.Batch("k1", new Wire.MeasurementReport { Measurement = adHoc })).ResponseAsync);
        var foreignJob = await Assert.ThrowsAsync<RpcException>(() =>
            agent.ReportMeasurementsAsync(Scenario.Batch("k2", Scenario.ReportFor(otherJob))).ResponseAsync);
        var foreignHeartbeat = await Assert.ThrowsAsync<RpcException>(() =>
            agent.HeartbeatAsync(new Wire.HeartbeatRequest { RunningJobIds = { otherJob.Id } }).ResponseAsync);
        var foreignFailure = await Assert.ThrowsAsync<RpcException>(() =>
            agent.ReportJobFailureAsync(new Wire.ReportJobFailureRequest { JobId = otherJob.Id, Reason = "x" }).ResponseAsync);

        Assert.All([foreignDevice, foreignJob, foreignHeartbeat, foreignFailure], e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.Contains("reports[0].measurement.device_id", foreignDevice.Status.Detail);
        Assert.Contains("reports[0].job_id", foreignJob.Status.Detail);
        Assert.Empty(await Scenario.MeasurementsAsync(fleet, other.Id));
        Assert.Equal(Wire.JobState.Leased, (await Scenario.JobsAsync(fleet, other.Id)).Single(j => j.Id == otherJob.Id).State);
    }

    [Fact]
    public void RoleTable_CoversEveryMethodOfEveryService()
    {
        var methods = new[] { Wire.Fleet.Descriptor, Wire.Agent.Descriptor, Wire.Predictor.Descriptor, Wire.Optimizer.Descriptor }
            .SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}"))
            .ToList();

        Assert.All(methods, m => Assert.True(MethodRoles.Table.ContainsKey(m), $"{m} has no roles"));
        Assert.Equal(methods.Count, MethodRoles.Table.Count);
    }

    [Fact]
    public async Task HealthAndReflection_NeedNoToken()
    {
        await using var fleet = await TestFleet.StartAsync();
        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(fleet.Channel);

        using var call = reflection.ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(20));
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(TestTimeout.Token()));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await fleet.HealthAsync());
        Assert.Contains("edgeopt.v1.Fleet", services);
        Assert.Contains("edgeopt.v1.Agent", services);
    }
}

using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Fleet;

public sealed class DeviceLifecycleTests
{
    [Fact]
    public async Task Register_ThenGetAndList_ReturnTheDeviceWithItsDescription()
    {
        await using var fleet = await TestFleet.StartAsync();
        var request = new Wire.RegisterDeviceRequest
        {
            Name = "jetson-01",
            Description = new Wire.DeviceDescription { CpuModel = "Cortex-A57", CpuCores = 4, MemoryBytes = 4L << 30, Architecture = "arm64" },
        };
        request.Description.Labels["site/rack"] = "lab.2";
        request.Description.ExecutionProviders.Add("CPUExecutionProvider");

        var registered = await fleet.Operator.RegisterDeviceAsync(request);
        var fetched = await fleet.Operator.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = registered.Device.Id });
        var listed = await fleet.Operator.ListDevicesAsync(new Wire.ListDevicesRequest());

        Assert.StartsWith("dev_", registered.Device.Id);
        Assert.StartsWith("eo_", registered.AgentToken);
        Assert.Equal(Wire.DeviceState.Registered, fetched.State);
        Assert.Equal("jetson-01", fetched.Name);
        Assert.Equal("Cortex-A57", fetched.Description.CpuModel);
        Assert.Equal(4L << 30, fetched.Description.MemoryBytes);
        Assert.Equal("lab.2", fetched.Description.Labels["site/rack"]);
        Assert.Equal(["CPUExecutionProvider"], fetched.Description.ExecutionProviders);
        Assert.Equal(registered.Device, fetched);
        Assert.Equal([registered.Device.Id], listed.Devices.Select(d => d.Id));
    }

    [Fact]
    public async Task Register_NameOfAnActiveDevice_AlreadyExistsNamingTheOther()
    {
        await using var fleet = await TestFleet.StartAsync();
        var first = await Scenario.RegisterAsync(fleet, "pi-4");

        var e = await Assert.ThrowsAsync<RpcException>(() => Scenario.RegisterAsync(fleet, "pi-4"));

        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        Assert.Contains(first.Id, e.Status.Detail);
    }

    [Fact]
    public async Task Retire_HidesTheDeviceFailsItsOpenJobsAndRevokesItsAgentToken()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "old-phone");

        var retired = await fleet.Operator.RetireDeviceAsync(new Wire.RetireDeviceRequest { DeviceId = device.Id, Reason = "battery swollen" });
        var active = await fleet.Operator.ListDevicesAsync(new Wire.ListDevicesRequest());
        var all = await fleet.Operator.ListDevicesAsync(new Wire.ListDevicesRequest { IncludeRetired = true });
        var jobs = await Scenario.JobsAsync(fleet, device.Id);
        var agentCall = await Assert.ThrowsAsync<RpcException>(() =>
            fleet.Agent(device.AgentToken).HeartbeatAsync(new Wire.HeartbeatRequest()).ResponseAsync);

        Assert.Equal(Wire.DeviceState.Retired, retired.State);
        Assert.Empty(active.Devices);
        Assert.Equal([device.Id], all.Devices.Select(d => d.Id));
        Assert.NotEmpty(jobs);
        Assert.All(jobs, j => Assert.Equal(Wire.JobState.Failed, j.State));
        Assert.Equal(StatusCode.Unauthenticated, agentCall.StatusCode);
    }

    [Fact]
    public async Task Retire_FreesTheNameForANewDevice()
    {
        await using var fleet = await TestFleet.StartAsync();
        var old = await Scenario.RegisterAsync(fleet, "bench-a");
        await fleet.Operator.RetireDeviceAsync(new Wire.RetireDeviceRequest { DeviceId = old.Id });

        var replacement = await Scenario.RegisterAsync(fleet, "bench-a");

        Assert.NotEqual(old.Id, replacement.Id);
    }

    [Fact]
    public async Task Enroll_MergesTheAgentsDescriptionAndMarksTheDeviceEnrolled()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAsync(fleet, "nuc");

        var response = await fleet.Agent(device.AgentToken).EnrollAsync(new Wire.EnrollRequest
        {
            AgentVersion = "0.1.0",
            Description = new Wire.DeviceDescription { CpuCores = 16, Os = "debian 12" },
        });

        Assert.Equal(Wire.DeviceState.Enrolled, response.Device.State);
        Assert.Equal(16, response.Device.Description.CpuCores);
        Assert.Equal("debian 12", response.Device.Description.Os);
        Assert.Equal("Test CPU", response.Device.Description.CpuModel); // kept from registration
        Assert.Equal(1000, response.MaxBatch);
        Assert.True(response.HeartbeatSeconds > 0);
        Assert.True(response.Device.LastSeenUnixMs > 0);
    }
}

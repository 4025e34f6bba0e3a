using EdgeOpt.Cli.Tests.Support;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>`edgeopt device register|list|show|retire` against a real server process.</summary>
[Collection(ServedFleet.Name)]
public sealed class DeviceVerbTests(ServerFixture fixture)
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Register_PrintsTheTokenOnce_InsideTheAgentCommandLineToRun()
    {
        string name = ServerFixture.UniqueName("jetson");

        var result = (await fixture.RunAsync("device", "register", "--name", name, "--label", "site=lab-2", "--space", "nb201,fbnet")).Succeeded();

        var device = (await Server.Fleet.ListDevicesAsync(new Wire.ListDevicesRequest())).Devices.Single(d => d.Name == name);
        Assert.Contains(device.Id, result.Stdout);
        Assert.Equal("lab-2", device.Description.Labels["site"]);
        var command = result.Output.Single(l => l.TrimStart().StartsWith("edgeopt-agent ", StringComparison.Ordinal)).Trim();
        var words = command.Split(' ');
        Assert.Equal(["edgeopt-agent", "--server", Server.Address.TrimEnd('/'), "--token"], words[..4]);
        string token = words[4];
        Assert.StartsWith("eo_", token);
        Assert.Single(result.Output, l => l.Contains(token, StringComparison.Ordinal));
        // The printed token is the device's agent token.
        var enrolled = await Server.Agent(token).EnrollAsync(new Wire.EnrollRequest { Mode = "replay", AgentVersion = "test" });
        Assert.Equal(device.Id, enrolled.Device.Id);
        Assert.Equal(20, (await Server.JobsAsync(device.Id)).Count); // 10 nb201 + 10 fbnet signature jobs
    }

    [Fact]
    public async Task Register_Json_GivesTheDeviceTheTokenAndTheAgentCommand()
    {
        string name = ServerFixture.UniqueName("pi");

        var json = (await fixture.RunAsync("device", "register", "--name", name, "--agent-server", "http://10.0.0.5:5280", "--json")).Succeeded().Json;

        Assert.Equal(name, json["device"]!["name"]!.GetValue<string>());
        Assert.Equal("DEVICE_STATE_REGISTERED", json["device"]!["state"]!.GetValue<string>());
        Assert.Equal(["nb201"], json["spaces"]!.AsArray().Select(s => s!.GetValue<string>()));
        string token = json["agentToken"]!.GetValue<string>();
        Assert.Equal($"edgeopt-agent --server http://10.0.0.5:5280 --token {token}", json["agentCommand"]!.GetValue<string>());
    }

    [Fact]
    public async Task Register_UnknownSpace_IsAUsageErrorNamingTheAllowedSpaces()
    {
        var result = await fixture.RunAsync("device", "register", "--name", "x", "--space", "nb201,darts");

        CliAssert.OneErrorLine(result, 2, "--space", "'darts'", "nb201, fbnet");
    }

    [Fact]
    public async Task Register_LabelWithoutValue_IsAUsageError()
    {
        var result = await fixture.RunAsync("device", "register", "--name", "x", "--label", "site");

        CliAssert.OneErrorLine(result, 2, "--label", "KEY=VALUE");
    }

    [Fact]
    public async Task Register_TakenName_PrintsTheServersAlreadyExistsOnOneLine()
    {
        string name = ServerFixture.UniqueName("twin");
        await Server.RegisterAsync(name);

        var result = await fixture.RunAsync("device", "register", "--name", name);

        CliAssert.OneErrorLine(result, 1, "AlreadyExists", $"an active device named '{name}' exists already");
    }

    [Fact]
    public async Task List_ShowsTheDevices_AsATableAndAsJson()
    {
        string name = ServerFixture.UniqueName("listed");
        var registered = await Server.RegisterAsync(name);

        var table = (await fixture.RunAsync("device", "list")).Succeeded();
        var json = (await fixture.RunAsync("device", "list", "--json")).Succeeded().Json;

        Assert.Contains(table.Output, l => l.Contains(registered.Device.Id, StringComparison.Ordinal) && l.Contains("registered", StringComparison.Ordinal));
        var listed = json["devices"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == registered.Device.Id)!;
        Assert.Equal(name, listed["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Show_ByName_GivesTheDeviceAndItsJobsByState()
    {
        string name = ServerFixture.UniqueName("shown");
        var registered = await Server.RegisterAsync(name);
        await Server.Agent(registered.AgentToken).EnrollAsync(new Wire.EnrollRequest
        {
            Mode = "measure", AgentVersion = "test", Description = new Wire.DeviceDescription { CpuModel = "Test CPU", CpuCores = 4 },
        });

        var json = (await fixture.RunAsync("device", "show", name, "--json")).Succeeded().Json;
        var human = (await fixture.RunAsync("device", "show", registered.Device.Id)).Succeeded();

        Assert.Equal(registered.Device.Id, json["device"]!["id"]!.GetValue<string>());
        Assert.Equal("DEVICE_STATE_ENROLLED", json["device"]!["state"]!.GetValue<string>());
        Assert.Equal(10, json["jobs"]!["queued"]!.GetValue<int>());
        Assert.Contains(human.Output, l => l.Contains("Test CPU (4 cores)", StringComparison.Ordinal));
        Assert.Contains(human.Output, l => l.Contains("10 queued, 0 leased, 0 done, 0 failed", StringComparison.Ordinal));
        Assert.Equal(10, json["jobsByPurpose"]!["signature"]!["queued"]!.GetValue<int>());
        Assert.Contains(human.Output, l => l.Contains("signature: 10 queued", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_UnknownDevice_PrintsOneNotFoundLine_WithoutAStackTrace()
    {
        var result = await fixture.RunAsync("device", "show", "dev_nope");

        CliAssert.OneErrorLine(result, 1, "NotFound", "'dev_nope'");
    }

    [Fact]
    public async Task Retire_MarksTheDeviceRetired_AndItsAgentTokenStopsWorking()
    {
        string name = ServerFixture.UniqueName("old");
        var registered = await Server.RegisterAsync(name);

        var result = (await fixture.RunAsync("device", "retire", name, "--reason", "broken fan")).Succeeded();
        var listed = (await fixture.RunAsync("device", "list", "--all", "--json")).Succeeded().Json;
        var active = (await fixture.RunAsync("device", "list", "--json")).Succeeded().Json;

        Assert.Contains(registered.Device.Id, result.Stdout);
        Assert.Contains("retired", result.Stdout);
        Assert.Equal("DEVICE_STATE_RETIRED", listed["devices"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == registered.Device.Id)!["state"]!.GetValue<string>());
        Assert.DoesNotContain(active["devices"]!.AsArray(), d => d!["id"]!.GetValue<string>() == registered.Device.Id);
        var e = await Assert.ThrowsAsync<RpcException>(() => Server.Agent(registered.AgentToken).EnrollAsync(new Wire.EnrollRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }
}

using EdgeOpt.Cli.Tests.Support;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>`edgeopt health`, the container image's HEALTHCHECK: no token, exit 0 only when the server is serving.</summary>
[Collection(ServedFleet.Name)]
public sealed class HealthVerbTests(ServerFixture fixture)
{
    [Fact]
    public async Task Health_RunningServer_SaysServingAndExitsZero_WithoutAToken()
    {
        using var empty = new TempFolder();

        var result = await EdgeOptCli.RunAsync(["health", "--server", fixture.Server.Address], empty.Path);

        Assert.Contains("Serving", result.Succeeded().Stdout);
    }

    [Fact]
    public async Task Health_NobodyListening_ExitsOneWithOneErrorLine()
    {
        string nobody = $"http://127.0.0.1:{FreePort.Next()}";

        var result = await EdgeOptCli.RunAsync(["health", "--server", nobody, "--timeout", "5"]);

        CliAssert.OneErrorLine(result, 1, nobody, "Unavailable");
    }

    [Fact]
    public async Task Health_NotAnHttpUrl_IsAUsageErrorNamingTheOption()
    {
        var result = await EdgeOptCli.RunAsync(["health", "--server", "ftp://host:1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--server", result.Stdout + result.Stderr);
    }
}

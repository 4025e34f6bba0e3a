using EdgeOpt.Cli.Tests.Support;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>Where the fleet verbs find their token and server, and how they fail when they cannot.</summary>
[Collection(ServedFleet.Name)]
public sealed class ClientOptionTests(ServerFixture fixture)
{
    [Fact]
    public async Task Token_FromTheEnvironmentVariable_IsUsed()
    {
        using var empty = new TempFolder();

        var result = await EdgeOptCli.RunAsync(["device", "list", "--json", "--server", fixture.Server.Address], empty.Path,
            new Dictionary<string, string?> { ["EDGEOPT_TOKEN"] = fixture.Server.OperatorToken });

        Assert.NotNull(result.Succeeded().Json["devices"]);
    }

    [Fact]
    public async Task Token_FromTheDefaultDataFolder_IsFoundFromTheWorkingDirectory()
    {
        var result = await EdgeOptCli.RunAsync(["device", "list", "--json"], fixture.Root,
            new Dictionary<string, string?> { ["EDGEOPT_SERVER"] = fixture.Server.Address });

        Assert.NotNull(result.Succeeded().Json["devices"]);
    }

    [Fact]
    public async Task NoTokenAnywhere_IsAUsageErrorSayingWhereATokenCanComeFrom()
    {
        using var empty = new TempFolder();

        var result = await EdgeOptCli.RunAsync(["device", "list", "--server", fixture.Server.Address], empty.Path);

        CliAssert.OneErrorLine(result, 2, "no token", "--token", "EDGEOPT_TOKEN", "--data");
    }

    [Fact]
    public async Task DataFolderWithoutATokenFile_IsAUsageErrorNamingTheFile()
    {
        using var empty = new TempFolder();

        var result = await EdgeOptCli.RunAsync(["device", "list", "--server", fixture.Server.Address, "--data", empty.Path]);

        CliAssert.OneErrorLine(result, 2, "--data", "operator.token", "does not exist");
    }

    [Fact]
    public async Task WrongToken_PrintsUnauthenticatedOnOneLine()
    {
        var result = await EdgeOptCli.RunAsync(["device", "list", "--server", fixture.Server.Address, "--token", "eo_not-a-token"]);

        CliAssert.OneErrorLine(result, 1, "Unauthenticated", "unknown token");
    }

    [Fact]
    public async Task AgentToken_IsRefusedOperatorVerbs_WithPermissionDenied()
    {
        var device = await fixture.Server.RegisterAsync(ServerFixture.UniqueName("agentonly"));

        var result = await EdgeOptCli.RunAsync(["jobs", "list", "--server", fixture.Server.Address, "--token", device.AgentToken]);

        CliAssert.OneErrorLine(result, 1, "PermissionDenied", "needs role operator");
    }

    [Fact]
    public async Task UnreachableServer_PrintsUnavailableOnOneLine()
    {
        string nobody = $"http://127.0.0.1:{FreePort.Next()}";

        var result = await EdgeOptCli.RunAsync(["device", "list", "--server", nobody, "--token", "eo_whatever", "--timeout", "10"]);

        CliAssert.OneErrorLine(result, 1, "Unavailable", $"cannot reach the server at {nobody}");
    }

    [Theory]
    [InlineData("--server", "ftp://host:1", "--server", "not a server URL")]
    [InlineData("--timeout", "0", "--timeout", "allowed: more than 0")]
    public async Task UnusableClientOption_IsAUsageErrorNamingIt(string option, string value, string named, string message)
    {
        var result = await EdgeOptCli.RunAsync(["device", "list", "--token", "eo_whatever", option, value]);

        CliAssert.OneErrorLine(result, 2, named, message);
    }
}

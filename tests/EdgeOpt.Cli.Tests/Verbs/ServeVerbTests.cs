using EdgeOpt.Cli.Tests.Support;
using Grpc.Health.V1;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>`edgeopt serve` as a process: starts, tells where its token is, and stops cleanly on a signal.</summary>
public sealed class ServeVerbTests
{
    [Fact]
    public Task Serve_StopsCleanlyOnSigterm_AndStartsAgainOnTheSameData() => StopsCleanlyAndRestarts("TERM");

    [SigintDeliverableFact]
    public Task Serve_StopsCleanlyOnSigint_AndStartsAgainOnTheSameData() => StopsCleanlyAndRestarts("INT");

    private static async Task StopsCleanlyAndRestarts(string signal)
    {
        using var temp = new TempFolder();
        string data = temp.Combine("data");
        string tokenFile = Path.Combine(data, "operator.token");

        await using (var server = await ServerProcess.StartAsync(data))
        {
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await server.HealthAsync());
            Assert.Contains(server.Process.Output, l => l == $"edgeopt serve: operator token in {tokenFile} (fleet verbs read it with --data {data})");
            await server.Process.SignalAsync(signal);
            Assert.Equal(0, await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("edgeopt serve: stopped", server.Process.Output);
        }

        string token = await File.ReadAllTextAsync(tokenFile);
        await using var again = await ServerProcess.StartAsync(data);
        Assert.Equal(token, await File.ReadAllTextAsync(tokenFile)); // the first token stays valid; no new one is made
        (await EdgeOptCli.AgainstAsync(again, "device", "list")).Succeeded();
    }

    [Fact]
    public async Task Serve_UnusableListenUrl_ExitsWithTheSettingNamed()
    {
        using var temp = new TempFolder();

        var result = await EdgeOptCli.RunAsync(["serve", "--listen", "http://127.0.0.1", "--data", temp.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Errors, l => l.Contains("EdgeOpt:Server:ListenUrl", StringComparison.Ordinal) && l.Contains("needs an explicit port", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Serve_StrayArgument_IsAUsageError()
    {
        using var temp = new TempFolder();

        var result = await EdgeOptCli.RunAsync(["serve", "--data", temp.Path, "now"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unexpected 'now'", result.Stdout + result.Stderr);
    }
}

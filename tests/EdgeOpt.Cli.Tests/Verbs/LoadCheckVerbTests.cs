using EdgeOpt.Cli.Tests.Support;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>
/// `edgeopt loadcheck` is a benchmark, not a test; these only check that a tiny run works end to end (everything
/// it counts as ingested is stored) and that it refuses what it must.
/// </summary>
public sealed class LoadCheckVerbTests
{
    [Fact]
    public async Task TinyRun_OnItsOwnServer_StoresEverythingItCountsAsIngested()
    {
        var result = (await EdgeOptCli.RunAsync(["loadcheck", "--agents", "3", "--seconds", "2", "--batch", "5", "--json"])).Succeeded();
        var json = result.Json;

        long ingested = json["measurementsIngested"]!.GetValue<long>();
        Assert.True(ingested > 0, result.ToString());
        Assert.Equal(ingested, json["stored"]!.GetValue<long>());
        Assert.Equal(json["jobReports"]!.GetValue<long>(), json["signatureJobsDone"]!.GetValue<long>()); // each job report finished its job
        Assert.Empty(json["errors"]!.AsObject());
        Assert.True(json["reportLatencyMs"]!["p99"]!.GetValue<double>() >= json["reportLatencyMs"]!["p50"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("--server", "http://10.1.2.3:5280", "not a loopback address")]
    [InlineData("--agents", "0", "--agents: is 0; allowed: 1 to 1000")]
    [InlineData("--seconds", "601", "--seconds: is 601; allowed: 1 to 600")]
    public async Task OutOfBounds_IsAUsageError(string option, string value, string message)
    {
        var result = await EdgeOptCli.RunAsync(["loadcheck", option, value, "--token", "eo_whatever"]);

        CliAssert.OneErrorLine(result, 2, message);
    }
}

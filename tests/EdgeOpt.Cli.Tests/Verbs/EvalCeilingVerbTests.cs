using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>`edgeopt eval ceiling`: the additive ceiling of a recorded latency file, per device and on average.</summary>
public sealed class EvalCeilingVerbTests
{
    /// <summary>1000 fbnet rows on two devices: an additive log latency, plus a slow drift in row order on "drifty".</summary>
    private static async Task<string> WriteCsvAsync(TempFolder temp)
    {
        var random = new Random(5);
        var effects = Enumerable.Range(0, 22).Select(_ => Enumerable.Range(0, 9).Select(_ => 0.1 * random.NextDouble()).ToArray()).ToArray();
        var csv = new StringBuilder("arch,steady,drifty\n");
        var i = 0;
        foreach (var arch in ArchitectureSampling.Distinct(SearchSpaces.Fbnet, 1000, seed: 6))
        {
            var log = arch.Choices.Select((c, d) => effects[d][c]).Sum();
            double steady = 3 * Math.Exp(log), drifty = steady * Math.Exp(0.2 * Math.Sin(2 * Math.PI * i++ / 100));
            csv.Append(CultureInfo.InvariantCulture, $"{SearchSpaces.Fbnet.Format(arch)},{steady:F5},{drifty:F5}\n");
        }
        var file = temp.Combine("fbnet.csv");
        await File.WriteAllTextAsync(file, csv.ToString());
        return file;
    }

    [Fact]
    public async Task EvalCeiling_PrintsATableWithAMeanRowAndTheFileOrderCaveat_AndWritesTheJson()
    {
        using var temp = new TempFolder();
        string file = await WriteCsvAsync(temp), json = temp.Combine("out", "ceiling.json");

        var result = (await EdgeOptCli.RunAsync(
            ["eval", "ceiling", "--space", "fbnet", "--data", file, "--seed", "2", "--json", json], timeoutSeconds: 120)).Succeeded();

        Assert.Contains("mean", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("measurement order", result.Stdout, StringComparison.Ordinal);
        var root = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
        Assert.Equal("ceiling", root["task"]!.GetValue<string>());
        Assert.Equal(2, root["seed"]!.GetValue<int>());
        var devices = root["devices"]!.AsArray();
        Assert.Equal(["steady", "drifty"], devices.Select(d => d!["device"]!.GetValue<string>()));
        Assert.True(devices[1]!["drift_share"]!.GetValue<double>() > 0.5, root.ToJsonString());
        Assert.True(devices[0]!["drift_share"]!.GetValue<double>() < 0.1, root.ToJsonString());
        Assert.NotNull(root["mean"]!["in_sample_srcc"]);
    }

    [Theory]
    [InlineData("--holdout", "0.95", "--holdout", "(0, 0.9]")]
    [InlineData("--window", "0", "--window", ">= 1")]
    [InlineData("--devices", "steady,fpga", "'fpga'", "steady, drifty")]
    public async Task EvalCeiling_BadOption_OneErrorLineNamingItAndTheAllowedValues(string option, string value, string named, string allowed)
    {
        using var temp = new TempFolder();
        var file = await WriteCsvAsync(temp);

        var result = await EdgeOptCli.RunAsync(["eval", "ceiling", "--space", "fbnet", "--data", file, option, value]);

        CliAssert.OneErrorLine(result, 2, named, allowed);
    }
}

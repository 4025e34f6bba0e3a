using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>`edgeopt eval proxy --target energy`: the proxy evaluation on a CSV of energies (mJ per inference).</summary>
public sealed class EvalProxyVerbTests
{
    [Fact]
    public async Task EvalProxy_TargetEnergy_RunsOnAnEnergyCsv_PicksTheDeviceWithTheSameRanks_AndLabelsTheTableEnergy()
    {
        using var temp = new TempFolder();
        // 150 nb201 cells on three metered devices: meter_b draws 2.5 times meter_a's energy (1 mJ + 0.12 mJ per MMAC, the
        // same ranks, 1 % noise); meter_c's is unrelated (random).
        var random = new Random(11);
        var csv = new StringBuilder("arch,meter_a,meter_b,meter_c\n");
        foreach (var arch in ArchitectureSampling.Distinct(SearchSpaces.Nb201, 150, seed: 3))
        {
            var stats = GraphFeatures.Of(arch);
            double a = 1 + stats.MultiplyAdds / 1e6 * 0.12, b = 2.5 * a * (1 + 0.01 * (random.NextDouble() - 0.5)), c = 1 + 5 * random.NextDouble();
            csv.Append(CultureInfo.InvariantCulture, $"{SearchSpaces.Nb201.Format(arch)},{a:F4},{b:F4},{c:F4}\n");
        }
        string file = temp.Combine("energy.csv"), json = temp.Combine("proxy.json");
        await File.WriteAllTextAsync(file, csv.ToString());

        var result = (await EdgeOptCli.RunAsync(
            ["eval", "proxy", "--space", "nb201", "--train", file, "--test", file, "--test-devices", "meter_a", "--target", "energy",
             "--samples", "10", "--max-samples", "20", "--json", json], timeoutSeconds: 180)).Succeeded();

        Assert.Contains("energy (mJ)", result.Stdout, StringComparison.Ordinal);
        var root = JsonNode.Parse(await File.ReadAllTextAsync(json))!; // the guide's layout, which has no target field
        Assert.Equal("proxy", root["task"]!.GetValue<string>());
        var device = root["devices"]!["meter_a"]!;
        Assert.Equal("meter_b", device["proxy"]!.GetValue<string>());
        Assert.Equal("reuse", device["decision"]!.GetValue<string>());
    }
}

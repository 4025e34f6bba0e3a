using EdgeOpt.Core.Tests.TestSupport;
using EdgeOpt.Core.Statistics;
using System.Globalization;
using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Tests.Support;
using static EdgeOpt.Core.Tests.Support.Architectures;

namespace EdgeOpt.Core.Tests.Networks;

public class GraphFeaturesTests
{
    [Fact]
    public void Of_SumsTheLayersOfTheNetwork()
    {
        var architecture = FbnetMixed();
        var network = NetworkDefinitions.Build(architecture);

        var stats = GraphFeatures.Of(architecture);

        Assert.Equal(network.Layers.Sum(l => l.MultiplyAdds), stats.MultiplyAdds);
        Assert.Equal(network.Layers.Sum(l => l.Parameters), stats.Parameters);
        Assert.Equal(network.Layers.Sum(l => l.Output.ElementCount) * 4, stats.ActivationBytes);
        Assert.Equal(network.OpCounts, stats.OpCounts);
    }

    [Fact]
    public void Of_ConvParameters_AreWeightsPlusFoldedBias()
    {
        var conv = NetworkDefinitions.Build(Nb201Uniform("nor_conv_3x3")).Layers.OfType<ConvLayer>()
            .Single(c => c.Name == "s0c0_e10_conv");

        Assert.Equal(16 * 16 * 9 + 16, conv.Parameters);
        Assert.Equal(16L * 32 * 32 * 16 * 9, conv.MultiplyAdds);
    }

    [Fact]
    public void Of_OrdersCellOpsByCost()
    {
        var none = GraphFeatures.Of(Nb201Uniform("none"));
        var pool = GraphFeatures.Of(Nb201Uniform("avg_pool_3x3"));
        var conv1 = GraphFeatures.Of(Nb201Uniform("nor_conv_1x1"));
        var conv3 = GraphFeatures.Of(Nb201Uniform("nor_conv_3x3"));

        Assert.Equal(none.MultiplyAdds, pool.MultiplyAdds);
        Assert.True(pool.ActivationBytes > none.ActivationBytes);
        Assert.True(conv1.MultiplyAdds > pool.MultiplyAdds);
        Assert.True(conv3.MultiplyAdds > conv1.MultiplyAdds);
        Assert.True(conv3.Parameters > conv1.Parameters);
    }

    [Fact]
    public void Of_SameArchitecture_ReturnsTheCachedStats()
    {
        var first = GraphFeatures.Of(Nb201Mixed());
        var second = GraphFeatures.Of(new Architecture("nb201", Nb201Mixed().Choices));

        Assert.Same(first, second);
    }

    [Fact]
    public void Of_ManyThreadsAtOnce_AgreeWithASingleThread()
    {
        var random = new Random(7);
        var architectures = Enumerable.Range(0, 64)
            .Select(_ => new Architecture("fbnet", Enumerable.Range(0, 22).Select(_ => random.Next(9)).ToArray()))
            .ToArray();

        var parallel = new GraphStats[architectures.Length];
        Parallel.For(0, architectures.Length * 4, i => parallel[i % architectures.Length] = GraphFeatures.Of(architectures[i % architectures.Length]));

        for (var i = 0; i < architectures.Length; i++)
            Assert.Equal(GraphFeatures.Compute(NetworkDefinitions.Build(architectures[i])).MultiplyAdds, parallel[i].MultiplyAdds);
    }

    [SharedDataFact("nb201/latency.csv")]
    public void MultiplyAdds_RankMeasuredNasBench201CpuLatencies()
    {
        // On a CPU, compute dominates these small networks: a wrong network definition ranks far worse.
        var rows = ReadRows(SharedData.PathOf("nb201/latency.csv"), "silver_4114", take: 3000);
        var macs = rows.Select(r => (double)GraphFeatures.Of(ParseNb201(r.Arch)).MultiplyAdds).ToArray();

        Assert.True(Correlation.Spearman(macs, rows.Select(r => r.Latency).ToArray()) > 0.9);
    }

    [SharedDataFact("fbnet/latency.csv")]
    public void MultiplyAdds_RankHwNasBenchPixel3LatenciesOfFbnet()
    {
        // HW-NAS-Bench measured its own FBNet definition on a Pixel 3 (TFLite), where latency follows compute.
        var rows = ReadRows(SharedData.PathOf("fbnet/latency.csv"), "pixel3", take: 2000);
        var macs = rows.Select(r => (double)GraphFeatures.Of(Fbnet(r.Arch)).MultiplyAdds).ToArray();

        Assert.True(Correlation.Spearman(macs, rows.Select(r => r.Latency).ToArray()) > 0.9);
    }

    private static Architecture ParseNb201(string text)
    {
        // "|op~0|+|op~0|op~1|+|op~0|op~1|op~2|" lists the edges in choice order.
        var ops = text.Split(['|', '+'], StringSplitOptions.RemoveEmptyEntries).Select(e => e[..e.IndexOf('~')]).ToArray();
        return Nb201(ops);
    }

    private static List<(string Arch, double Latency)> ReadRows(string path, string column, int take)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()!.Split(',');
        var archIndex = Array.IndexOf(header, "arch");
        var latencyIndex = Array.IndexOf(header, column);
        var rows = new List<(string, double)>();
        while (rows.Count < take && reader.ReadLine() is { } line)
        {
            var cells = line.Split(',');
            if (cells[latencyIndex].Length == 0) continue;
            rows.Add((cells[archIndex], double.Parse(cells[latencyIndex], CultureInfo.InvariantCulture)));
        }
        return rows;
    }
}

using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Tests.TestSupport;

/// <summary>
/// Devices whose latency is a known function of the operations, for tests that need an exact ground truth:
/// a fixed cost per operation kind summed over the architecture's decisions, plus a constant.
/// </summary>
public static class SyntheticLatency
{
    /// <summary>NAS-Bench-201: none 0, skip 0.05, conv1x1 0.8, conv3x3 2.5, avg_pool 0.4 ms per edge, + 1 ms.</summary>
    public static double Nb201Ms(Architecture architecture)
    {
        double[] cost = [0.0, 0.05, 0.8, 2.5, 0.4];
        return 1.0 + architecture.Choices.Sum(c => cost[c]);
    }

    /// <summary>FBNet: kernel area x expansion x 0.01 ms per layer (halved for grouped blocks, 0.001 for skip), + 2 ms.</summary>
    public static double FbnetMs(Architecture architecture)
    {
        double total = 2.0;
        foreach (var c in architecture.Choices)
        {
            var name = FbnetBlock.Names[c];
            if (name == "skip") { total += 0.001; continue; }
            int kernel = name[1] - '0';
            int expansion = name[4] - '0';
            double cost = kernel * kernel * expansion * 0.01;
            total += name.EndsWith("_g2", StringComparison.Ordinal) ? cost / 2 : cost;
        }
        return total;
    }

    public static (Architecture, double)[] Sample(ISearchSpace space, int count, int seed, Func<Architecture, double> latency) =>
        ArchitectureSampling.Distinct(space, count, seed).Select(a => (a, latency(a))).ToArray();
}

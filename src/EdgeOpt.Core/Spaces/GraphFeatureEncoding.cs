using EdgeOpt.Core.Networks;

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// The graph part of an encoding: ln(1 + x) of multiply-adds, parameters and activation bytes, then the
/// count of each op kind in a fixed, space-chosen key order (a kind the network lacks counts 0).
/// </summary>
internal static class GraphFeatureEncoding
{
    public static IReadOnlyList<string> Names(IReadOnlyList<string> opKinds) =>
        ["log_multiply_adds", "log_parameters", "log_activation_bytes", .. opKinds.Select(k => $"count_{k}")];

    public static double[] Values(GraphStats stats, IReadOnlyList<string> opKinds, string spaceId)
    {
        ArgumentNullException.ThrowIfNull(stats);
        foreach (var kind in stats.OpCounts.Keys)
            if (!opKinds.Contains(kind))
                throw new InvalidOperationException(
                    $"graph statistics report op kind '{kind}', which search space '{spaceId}' does not encode; " +
                    $"encoded kinds: {string.Join(", ", opKinds)}");
        var values = new double[3 + opKinds.Count];
        values[0] = Log1p(stats.MultiplyAdds, nameof(stats.MultiplyAdds));
        values[1] = Log1p(stats.Parameters, nameof(stats.Parameters));
        values[2] = Log1p(stats.ActivationBytes, nameof(stats.ActivationBytes));
        for (int i = 0; i < opKinds.Count; i++)
            values[3 + i] = stats.OpCounts.TryGetValue(opKinds[i], out var n) ? n : 0;
        return values;
    }

    private static double Log1p(long value, string field) => value >= 0
        ? Math.Log(1.0 + value)
        : throw new InvalidOperationException($"graph statistic {field} is negative ({value})");
}

using System.Collections.Concurrent;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Networks;

/// <summary>
/// Graph statistics of an architecture's network (batch 1, the family's own classifier width: 100 classes for
/// nb201 and fbnet, 10 for convnet), counted from its layer definition. Results are cached; safe to call from many threads.
/// </summary>
public static class GraphFeatures
{
    // Bounded so that sampling a huge space (FBNet has 9^22 members) cannot grow memory without limit.
    private const int MaxCached = 100_000;
    private static readonly ConcurrentDictionary<Architecture, GraphStats> Cache = new();

    public static GraphStats Of(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (Cache.TryGetValue(architecture, out var cached)) return cached;
        var stats = Compute(NetworkDefinitions.Build(architecture));
        if (Cache.Count >= MaxCached) Cache.Clear();
        return Cache.GetOrAdd(architecture, stats);
    }

    internal static GraphStats Compute(Network network) => new(
        network.MultiplyAdds,
        network.Parameters,
        network.ActivationBytes,
        new Dictionary<string, int>(network.OpCounts));
}

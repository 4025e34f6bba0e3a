using System.Collections.Concurrent;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// The architectures of a space that signature sets and proxy samples choose from: every member of an enumerable
/// space (NAS-Bench-201: 15,625), else a fixed seeded sample of <see cref="SampledPoolSize"/> distinct members.
/// Computed once per space. Thread-safe.
/// </summary>
public static class SpaceCandidates
{
    public const int SampledPoolSize = 4096;
    public const int EnumerableLimit = 100_000;
    private const int Seed = 20240601;

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<Architecture>>> Pools = new(StringComparer.Ordinal);

    public static IReadOnlyList<Architecture> Of(ISearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return Pools.GetOrAdd(space.Id, _ => new Lazy<IReadOnlyList<Architecture>>(() => Build(space))).Value;
    }

    private static IReadOnlyList<Architecture> Build(ISearchSpace space)
    {
        if (space.Size is { } size && size <= EnumerableLimit) return space.Enumerate().ToArray();
        var random = new Random(Seed);
        var seen = new HashSet<Architecture>();
        var pool = new List<Architecture>(SampledPoolSize);
        for (int tries = 0; pool.Count < SampledPoolSize && tries < SampledPoolSize * 4; tries++)
        {
            var a = space.Sample(random);
            if (seen.Add(a)) pool.Add(a);
        }
        return pool.ToArray();
    }
}

using System.Collections.Concurrent;
using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Jobs;

/// <summary>
/// Default signature sets: K architectures (<see cref="ServerOptions.SignatureSetSize"/>) chosen deterministically
/// from a seeded pool of the space. When multiply-adds can be counted (<see cref="GraphFeatures.Of"/>), the picks are
/// spread evenly over the pool's range of multiply-adds; otherwise NAS-Bench-201 takes K evenly spaced official
/// indices (offset by the seed) and FBNet takes K seeded samples.
/// </summary>
public sealed class SpreadSignatureSetProvider : ISignatureSetProvider
{
    /// <summary>Pool size for spaces too large to enumerate (FBNet).</summary>
    internal const int SampledPoolSize = 4096;

    private readonly int _size;
    private readonly int _seed;
    private readonly Func<Architecture, long> _multiplyAdds;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<string>>> _sets = new(StringComparer.Ordinal);

    /// <summary>
    /// Sets chosen with the real multiply-adds, by (space, K, seed), shared by every server in the process: counting the
    /// multiply-adds of a whole space takes seconds, and tests and tools start many servers.
    /// </summary>
    private static readonly ConcurrentDictionary<(string Space, int Size, int Seed), Lazy<IReadOnlyList<string>>> Shared = new();

    private readonly bool _shared;

    public SpreadSignatureSetProvider(IOptions<ServerOptions> options, ILogger<SpreadSignatureSetProvider> logger)
        : this(options.Value.SignatureSetSize, options.Value.SignatureSeed, a => GraphFeatures.Of(a).MultiplyAdds, logger)
    {
        _shared = true;
    }

    internal SpreadSignatureSetProvider(int size, int seed, Func<Architecture, long> multiplyAdds, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _size = size;
        _seed = seed;
        _multiplyAdds = multiplyAdds;
        _logger = logger;
    }

    public IReadOnlyList<string> SignatureSet(string space)
    {
        var searchSpace = SearchSpaces.Get(space);
        if (_shared)
            return Shared.GetOrAdd((searchSpace.Id, _size, _seed), _ => new Lazy<IReadOnlyList<string>>(() => Choose(searchSpace))).Value;
        return _sets.GetOrAdd(searchSpace.Id, _ => new Lazy<IReadOnlyList<string>>(() => Choose(searchSpace))).Value;
    }

    private IReadOnlyList<string> Choose(ISearchSpace space)
    {
        var pool = Pool(space);
        var macs = TryCountMultiplyAdds(pool);
        IReadOnlyList<Architecture> picks;
        if (macs is not null)
        {
            picks = SpreadOverRange(pool, macs, _size);
            _logger.LogInformation("Signature set of {Space}: {Count} architectures spread over multiply-adds {Min}..{Max} (seed {Seed})",
                space.Id, picks.Count, macs.Min(), macs.Max(), _seed);
        }
        else if (space is Nb201Space nb201)
        {
            picks = EvenlySpacedIndices(Nb201OfficialOrderCount(nb201), _size, _seed).Select(nb201.At).ToList();
            _logger.LogInformation("Signature set of {Space}: {Count} architectures at evenly spaced official indices (seed {Seed}); multiply-adds unavailable",
                space.Id, picks.Count, _seed);
        }
        else
        {
            picks = pool.Take(_size).ToList();
            _logger.LogInformation("Signature set of {Space}: {Count} seeded samples (seed {Seed}); multiply-adds unavailable",
                space.Id, picks.Count, _seed);
        }
        return picks.Select(space.Format).ToArray();
    }

    /// <summary>All members for enumerable spaces, else distinct seeded samples.</summary>
    private List<Architecture> Pool(ISearchSpace space)
    {
        if (space.Size is { } size && size <= 100_000) return space.Enumerate().ToList();
        var random = new Random(_seed);
        var seen = new HashSet<Architecture>();
        var pool = new List<Architecture>(SampledPoolSize);
        for (int tries = 0; pool.Count < SampledPoolSize && tries < SampledPoolSize * 4; tries++)
        {
            var a = space.Sample(random);
            if (seen.Add(a)) pool.Add(a);
        }
        return pool;
    }

    private long[]? TryCountMultiplyAdds(List<Architecture> pool)
    {
        try
        {
            return pool.Select(_multiplyAdds).ToArray();
        }
        catch (Exception e) when (e is NotImplementedException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// For K targets evenly spaced over [min, max] of <paramref name="values"/>, the not yet picked member nearest to each
    /// (ties: earlier in the pool). Deterministic for a given pool.
    /// </summary>
    internal static IReadOnlyList<Architecture> SpreadOverRange(IReadOnlyList<Architecture> pool, IReadOnlyList<long> values, int k)
    {
        k = Math.Min(k, pool.Count);
        var order = Enumerable.Range(0, pool.Count).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
        double min = values[order[0]], max = values[order[^1]];
        var taken = new bool[pool.Count];
        var picks = new List<Architecture>(k);
        for (int t = 0; t < k; t++)
        {
            double target = k == 1 ? (min + max) / 2 : min + (max - min) * t / (k - 1);
            int best = -1;
            double bestDistance = double.MaxValue;
            foreach (int i in order)
            {
                if (taken[i]) continue;
                double distance = Math.Abs(values[i] - target);
                if (distance < bestDistance) (best, bestDistance) = (i, distance);
            }
            taken[best] = true;
            picks.Add(pool[best]);
        }
        return picks;
    }

    /// <summary>K indices evenly spaced over 0..count-1, shifted by the seed within one step.</summary>
    internal static IEnumerable<int> EvenlySpacedIndices(int count, int k, int seed)
    {
        k = Math.Min(k, count);
        int step = count / k;
        int offset = (int)((uint)seed % (uint)step);
        for (int i = 0; i < k; i++) yield return i * step + offset;
    }

    private static int Nb201OfficialOrderCount(Nb201Space space) => checked((int)space.Size!.Value);
}

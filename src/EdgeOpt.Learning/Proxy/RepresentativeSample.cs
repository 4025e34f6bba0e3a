using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// The order in which a new device's representative measurements are taken, fixed before any of its values is
/// seen: a seeded simple random sample of the candidates, so that the rank correlation on any prefix estimates the
/// rank correlation over all candidates. (A sample spread evenly over the known devices' consensus order would be
/// biased: its pairs are farther apart in cost than random pairs, so it overstates how well two devices agree.)
/// Candidates that every known device has measured are preferred when there are enough of them, so the estimates
/// compare measurements rather than predictions.
/// </summary>
internal static class RepresentativeSample
{
    /// <summary>Up to <paramref name="length"/> distinct indices into <paramref name="candidates"/>, in visiting order.</summary>
    public static int[] Sequence(KnownDeviceLatencies known, IReadOnlyList<Architecture> candidates, int length, int seed)
    {
        var preferred = Enumerable.Range(0, candidates.Count).Where(i => known.IsMeasuredOnAll(candidates[i])).ToArray();
        var pool = preferred.Length >= Math.Min(candidates.Count, 4 * length) ? preferred : Enumerable.Range(0, candidates.Count).ToArray();
        var random = new Random(seed);
        var count = Math.Min(length, pool.Length);
        // Partial Fisher-Yates shuffle: the first `count` entries are a uniform random sample, in random order.
        for (var k = 0; k < count; k++)
        {
            var j = k + random.Next(pool.Length - k);
            (pool[k], pool[j]) = (pool[j], pool[k]);
        }
        return pool[..count];
    }
}

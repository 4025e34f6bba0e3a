using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Optimization;

/// <summary>The precision policies a problem allows.</summary>
public static class PolicyEnumeration
{
    /// <summary>
    /// Every policy with one allowed precision per slot (|allowed|^slots of them) when there are at most
    /// <paramref name="limit"/>; otherwise only the uniform ones (one per allowed precision), and
    /// <paramref name="complete"/> is false.
    /// </summary>
    public static IReadOnlyList<QuantizationPolicy> All(IReadOnlyList<Precision> allowed, int slots, int limit, out bool complete)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var total = Math.Pow(allowed.Count, slots);
        complete = total <= limit;
        if (!complete) return allowed.Select(p => QuantizationPolicy.Uniform(slots, p)).ToArray();
        var result = new List<QuantizationPolicy>((int)total);
        var digits = new int[slots];
        for (var n = 0; n < (int)total; n++)
        {
            result.Add(new QuantizationPolicy(digits.Select(d => allowed[d]).ToArray()));
            for (var s = slots - 1; s >= 0; s--)
            {
                if (++digits[s] < allowed.Count) break;
                digits[s] = 0;
            }
        }
        return result;
    }

    /// <summary>A policy with each slot drawn uniformly from the allowed precisions.</summary>
    public static QuantizationPolicy Random(IReadOnlyList<Precision> allowed, int slots, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new QuantizationPolicy(Enumerable.Range(0, slots).Select(_ => allowed[random.Next(allowed.Count)]).ToArray());
    }
}

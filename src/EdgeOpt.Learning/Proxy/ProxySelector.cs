namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// Orders known devices as proxies for a new one: highest Spearman estimate first, ties broken by the higher lower
/// bound, then by name (ordinal) so the order is deterministic. Undefined estimates come last.
/// </summary>
public static class ProxySelector
{
    public static IReadOnlyList<MonotonicityEstimate> Rank(IEnumerable<MonotonicityEstimate> estimates)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        return estimates
            .OrderByDescending(e => double.IsNaN(e.Spearman.Estimate) ? double.NegativeInfinity : e.Spearman.Estimate)
            .ThenByDescending(e => e.SpearmanLowerBound)
            .ThenBy(e => e.Device, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The best proxy (see <see cref="Rank"/>); throws when there is no known device.</summary>
    public static MonotonicityEstimate Select(IEnumerable<MonotonicityEstimate> estimates)
    {
        var ranked = Rank(estimates);
        return ranked.Count > 0 ? ranked[0] : throw new ArgumentException("no known device to choose a proxy from", nameof(estimates));
    }
}

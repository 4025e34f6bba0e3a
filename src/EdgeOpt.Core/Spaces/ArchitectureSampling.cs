namespace EdgeOpt.Core.Spaces;

/// <summary>Seeded draws of distinct architectures, for benchmarks and signature sets.</summary>
public static class ArchitectureSampling
{
    /// <summary>
    /// <paramref name="count"/> distinct architectures drawn uniformly with <paramref name="seed"/>. For an
    /// enumerable space the draw is a seeded shuffle of its official order, so the same seed gives the same
    /// set however large <paramref name="count"/> is; for larger spaces repeated samples are skipped.
    /// </summary>
    public static IReadOnlyList<Architecture> Distinct(ISearchSpace space, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1");
        if (space.Size is { } size && count > size)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"space '{space.Id}' has only {size} members");

        if (space.Size is { } enumerable && enumerable <= 1_000_000)
            return Distinct(space.Enumerate().ToArray(), count, seed);

        var random = new Random(seed);
        var seen = new HashSet<Architecture>();
        var picked = new List<Architecture>(count);
        while (picked.Count < count)
        {
            var candidate = space.Sample(random);
            if (seen.Add(candidate)) picked.Add(candidate);
        }
        return picked;
    }

    /// <summary><paramref name="count"/> distinct members of <paramref name="candidates"/>, a seeded shuffle of them.</summary>
    public static IReadOnlyList<Architecture> Distinct(IReadOnlyList<Architecture> candidates, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var unique = candidates.Distinct().ToArray();
        if (count < 1 || count > unique.Length)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be between 1 and {unique.Length}");
        new Random(seed).Shuffle(unique);
        return unique[..count];
    }
}

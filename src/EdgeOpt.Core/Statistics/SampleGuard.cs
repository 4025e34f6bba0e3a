namespace EdgeOpt.Core.Statistics;

/// <summary>Argument checks shared by the statistics: non-null, long enough, finite, paired lengths.</summary>
internal static class SampleGuard
{
    public static void Finite(IReadOnlyList<double> values, string name, int minimumCount = 1)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count < minimumCount)
            throw new ArgumentException(
                $"needs at least {minimumCount} value{(minimumCount == 1 ? "" : "s")}, got {values.Count}", name);
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"value at index {i} is {values[i]}; only finite numbers are allowed", name);
        }
    }

    public static void Paired(IReadOnlyList<double> x, IReadOnlyList<double> y, string xName, string yName, int minimumCount)
    {
        ArgumentNullException.ThrowIfNull(x, xName);
        ArgumentNullException.ThrowIfNull(y, yName);
        if (x.Count != y.Count)
            throw new ArgumentException($"{xName} has {x.Count} values but {yName} has {y.Count}; they must be paired", yName);
        Finite(x, xName, minimumCount);
        Finite(y, yName, minimumCount);
    }

    public static double[] SortedCopy(IReadOnlyList<double> values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }
}

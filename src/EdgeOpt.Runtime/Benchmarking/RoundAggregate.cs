using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// How the medians of one model's timing rounds become its figure: the median of the round medians, and the
/// spread between rounds as (largest - smallest) / that median (a per-model drift figure: 0 when the rounds
/// agree; undefined, null, for fewer than two rounds).
/// </summary>
public static class RoundAggregate
{
    /// <summary>Median of the round medians (mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> roundMediansMs)
    {
        Check(roundMediansMs);
        return Descriptive.Median(roundMediansMs);
    }

    /// <summary>(max - min) / median of the round medians; null with fewer than two rounds.</summary>
    public static double? RelativeSpread(IReadOnlyList<double> roundMediansMs)
    {
        Check(roundMediansMs);
        if (roundMediansMs.Count < 2) return null;
        return (roundMediansMs.Max() - roundMediansMs.Min()) / Descriptive.Median(roundMediansMs);
    }

    /// <summary>Index of the round whose median is nearest the overall median (the first such round on a tie).</summary>
    public static int Representative(IReadOnlyList<double> roundMediansMs)
    {
        var median = Median(roundMediansMs);
        var best = 0;
        for (var i = 1; i < roundMediansMs.Count; i++)
            if (Math.Abs(roundMediansMs[i] - median) < Math.Abs(roundMediansMs[best] - median)) best = i;
        return best;
    }

    private static void Check(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("no round medians: at least one round is needed", nameof(values));
        for (var i = 0; i < values.Count; i++)
            if (!(values[i] > 0) || !double.IsFinite(values[i]))
                throw new ArgumentException($"round {i} median is {values[i]}; allowed: a finite latency > 0 ms", nameof(values));
    }
}

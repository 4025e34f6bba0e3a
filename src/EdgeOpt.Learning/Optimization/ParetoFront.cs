namespace EdgeOpt.Learning.Optimization;

/// <summary>Non-dominated designs: higher accuracy, lower median latency and (when predicted) lower median energy.</summary>
public static class ParetoFront
{
    /// <summary>The designs that fit and that no other fitting design dominates, fastest first; duplicates removed.</summary>
    public static IReadOnlyList<DesignAssessment> Of(IEnumerable<DesignAssessment> designs)
    {
        ArgumentNullException.ThrowIfNull(designs);
        var fitting = designs.Where(d => d.Fits).DistinctBy(d => d.Design)
            .OrderBy(d => d.Latency.LogMean).ThenByDescending(d => d.Accuracy.Top1).ToArray();
        var front = new List<DesignAssessment>();
        foreach (var candidate in fitting)
        {
            var dominated = false;
            foreach (var kept in front)
            {
                if (Dominates(kept, candidate)) { dominated = true; break; }
            }
            if (!dominated) front.Add(candidate);
        }
        return front;
    }

    /// <summary>a is at least as good as b in every objective and better in one.</summary>
    public static bool Dominates(DesignAssessment a, DesignAssessment b)
    {
        var ea = a.Energy?.LogMean ?? 0;
        var eb = b.Energy?.LogMean ?? 0;
        var noWorse = a.Accuracy.Top1 >= b.Accuracy.Top1 && a.Latency.LogMean <= b.Latency.LogMean && ea <= eb;
        var better = a.Accuracy.Top1 > b.Accuracy.Top1 || a.Latency.LogMean < b.Latency.LogMean || ea < eb;
        return noWorse && better;
    }
}

using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// Chooses extra measurements where candidate predictors of the new device disagree most: the variance, over the
/// predictors, of their predicted ln-latency. Within one batch the picks are kept apart (an architecture differing
/// from every earlier pick of the batch in at least a third of the decisions is preferred), so that a batch does
/// not spend itself on near-copies of one architecture.
/// </summary>
internal static class DisagreementDesign
{
    /// <summary>Variance over the predictors of each candidate's predicted ln-latency (zeros with fewer than 2 predictors).</summary>
    /// <param name="predictions">One array per candidate predictor: predicted ln-latency of every candidate.</param>
    public static double[] Spread(IReadOnlyList<double[]> predictions, int count)
    {
        var score = new double[count];
        if (predictions.Count < 2) return score;
        for (var i = 0; i < count; i++)
        {
            double mean = 0, squares = 0;
            foreach (var p in predictions) mean += p[i];
            mean /= predictions.Count;
            foreach (var p in predictions) squares += (p[i] - mean) * (p[i] - mean);
            score[i] = squares / (predictions.Count - 1);
        }
        return score;
    }

    /// <param name="score">How much measuring each candidate is worth (e.g. <see cref="Spread"/>).</param>
    /// <param name="excluded">Candidates that may not be chosen (measured, or already picked).</param>
    public static int[] Select(IReadOnlyList<Architecture> candidates, IReadOnlyList<double> score, ISet<int> excluded, int count)
    {
        if (count <= 0) return [];
        var n = candidates.Count;
        var ranked = Enumerable.Range(0, n).Where(i => !excluded.Contains(i))
            .OrderByDescending(i => score[i]).ThenBy(i => i).ToArray();
        var minimumDistance = Math.Max(1, candidates[0].Choices.Count / 3);
        var picks = new List<int>(count);
        foreach (var i in ranked)
        {
            if (picks.Count == count) break;
            if (picks.All(p => Distance(candidates[p], candidates[i]) >= minimumDistance)) picks.Add(i);
        }
        foreach (var i in ranked)
        {
            if (picks.Count == count) break;
            if (!picks.Contains(i)) picks.Add(i);
        }
        return picks.ToArray();
    }

    private static int Distance(Architecture a, Architecture b)
    {
        var d = 0;
        for (var k = 0; k < a.Choices.Count; k++)
            if (a.Choices[k] != b.Choices[k]) d++;
        return d;
    }
}

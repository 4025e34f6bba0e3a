namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// Type-II maximum likelihood over a grid of hyperparameters: a full grid over the first few (main) axes with the
/// others at their defaults, then coordinate ascent from the best of it over all axes (scan one axis at a time with
/// the others fixed and move to the best value, until a full pass changes nothing, at most a few passes). Each setting is evaluated once; the result lists every evaluated setting with its
/// score, in evaluation order, for <see cref="PosteriorMixture.FromScored"/>. Deterministic.
/// </summary>
internal static class HyperparameterSearch
{
    /// <summary>
    /// One hyperparameter: its candidate values, the index of its default, and optionally a log prior weight per
    /// value (added to the log evidence; null = uniform).
    /// </summary>
    public sealed record Axis(string Name, double[] Values, int Start, double[]? LogPrior = null);

    public static List<(double Score, GaussianPosterior Posterior)> CoordinateAscent(
        ObservedKernel observed, IReadOnlyList<double> logs, IReadOnlyList<Axis> axes,
        Func<double[], KernelHyperparameters> build, int fullGridAxes, int maxPasses = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fullGridAxes);
        var current = axes.Select(a => a.Start).ToArray();
        var evaluated = new Dictionary<string, double>();
        var results = new List<(double, GaussianPosterior)>();

        double Evaluate(int[] indices)
        {
            var key = string.Join(',', indices);
            if (evaluated.TryGetValue(key, out var known)) return known;
            var values = indices.Select((v, a) => axes[a].Values[v]).ToArray();
            var posterior = GaussianPosterior.Fit(observed, logs, build(values));
            var score = posterior.LogEvidence;
            for (var a = 0; a < axes.Count; a++)
                if (axes[a].LogPrior is { } prior) score += prior[indices[a]];
            evaluated[key] = score;
            results.Add((score, posterior));
            return score;
        }

        var best = Evaluate(current);
        var start = (int[])current.Clone();
        foreach (var point in GridPoints(axes.Take(Math.Min(fullGridAxes, axes.Count)).Select(a => a.Values.Length).ToArray()))
        {
            var trial = (int[])start.Clone();
            point.CopyTo(trial, 0);
            var score = Evaluate(trial);
            if (score > best + 1e-9) { best = score; current = trial; }
        }
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var moved = false;
            for (var a = 0; a < axes.Count; a++)
            {
                var bestIndex = current[a];
                for (var v = 0; v < axes[a].Values.Length; v++)
                {
                    if (v == current[a]) continue;
                    var trial = (int[])current.Clone();
                    trial[a] = v;
                    var score = Evaluate(trial);
                    if (score > best + 1e-9) { best = score; bestIndex = v; }
                }
                if (bestIndex != current[a]) { current[a] = bestIndex; moved = true; }
            }
            if (!moved) break;
        }
        return results;
    }

    /// <summary>Every index combination of the given axis lengths, first axis slowest.</summary>
    private static IEnumerable<int[]> GridPoints(int[] lengths)
    {
        if (lengths.Length == 0) yield break;
        var index = new int[lengths.Length];
        while (true)
        {
            yield return (int[])index.Clone();
            var axis = lengths.Length - 1;
            while (axis >= 0 && ++index[axis] == lengths[axis]) index[axis--] = 0;
            if (axis < 0) yield break;
        }
    }
}

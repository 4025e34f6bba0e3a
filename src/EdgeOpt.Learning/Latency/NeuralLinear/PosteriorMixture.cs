namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// Bayesian model averaging over the hyperparameter grid: the posteriors of the grid points with the highest
/// evidence (times their prior weight), weighted by it. Predictions are the mixture's mean and variance in log space.
/// </summary>
internal sealed class PosteriorMixture
{
    private readonly ObservedKernel _observed;
    private readonly (double Weight, GaussianPosterior Posterior)[] _components;

    private PosteriorMixture(ObservedKernel observed, (double, GaussianPosterior)[] components, double bestScore)
    {
        _observed = observed;
        _components = components;
        BestScore = bestScore;
    }

    /// <summary>The highest score (log evidence + log prior) among the evaluated settings.</summary>
    public double BestScore { get; }

    /// <summary>The component of highest weight (the evidence-maximizing hyperparameters).</summary>
    public GaussianPosterior Best => _components[0].Posterior;

    public int Count => _components.Length;

    /// <summary>
    /// The mixture of the best evaluated settings.
    /// </summary>
    /// <param name="scored">Evaluated settings with their score (log evidence + log prior), in evaluation order:
    /// among equal scores the earlier one ranks first.</param>
    /// <param name="maxComponents">How many of the best settings to keep (1 = pick the best only).</param>
    /// <param name="minRelativeWeight">Drop settings whose weight is below this share of the best one's.</param>
    public static PosteriorMixture FromScored(
        ObservedKernel observed, IReadOnlyList<(double Score, GaussianPosterior Posterior)> scored, int maxComponents,
        double minRelativeWeight = 1e-3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxComponents, 1);
        var finite = scored.Select((s, i) => (s.Score, s.Posterior, Index: i)).Where(s => double.IsFinite(s.Score)).ToArray();
        if (finite.Length == 0) throw new InvalidOperationException("no hyperparameter setting gives a finite evidence");
        var ordered = finite.OrderByDescending(s => s.Score).ThenBy(s => s.Index).Take(maxComponents).ToArray();
        var best = ordered[0].Score;
        var kept = ordered.Where(s => s.Score - best >= Math.Log(minRelativeWeight)).ToArray();
        var weights = kept.Select(s => Math.Exp(s.Score - best)).ToArray();
        var total = weights.Sum();
        return new PosteriorMixture(observed, kept.Select((s, i) => (weights[i] / total, s.Posterior)).ToArray(), best);
    }

    /// <summary>Mean and variance of a new measurement's log cost under the mixture.</summary>
    public (double Mean, double Variance) Predict(KernelPoint point)
    {
        var k = _observed.Count;
        Span<KernelParts> parts = k <= 128 ? stackalloc KernelParts[k] : new KernelParts[k];
        _observed.Cross(point, parts);
        var self = DeepKernel.Parts(point, point);
        if (_components.Length == 1) return _components[0].Posterior.Predict(point, self, parts);
        double mean = 0, second = 0;
        foreach (var (weight, posterior) in _components)
        {
            var (m, v) = posterior.Predict(point, self, parts);
            mean += weight * m;
            second += weight * (v + m * m);
        }
        return (mean, Math.Max(second - mean * mean, 0));
    }
}

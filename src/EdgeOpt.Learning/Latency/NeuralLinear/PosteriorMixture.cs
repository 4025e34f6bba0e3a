namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// Bayesian model averaging over the hyperparameter grid: the posteriors of the grid points with the highest
/// evidence (times their prior weight), weighted by it. Predictions are the mixture's mean and variance in log space.
/// </summary>
internal sealed class PosteriorMixture
{
    private readonly ObservedKernel _observed;
    private readonly (double Weight, GaussianPosterior Posterior)[] _components;

    private PosteriorMixture(ObservedKernel observed, (double, GaussianPosterior)[] components)
    {
        _observed = observed;
        _components = components;
    }

    /// <summary>The component of highest weight (the evidence-maximizing hyperparameters).</summary>
    public GaussianPosterior Best => _components[0].Posterior;

    public int Count => _components.Length;

    /// <param name="maxComponents">How many of the best grid points to keep (1 = pick the best only).</param>
    /// <param name="minRelativeWeight">Drop grid points whose weight is below this share of the best one's.</param>
    public static PosteriorMixture Fit(
        IReadOnlyList<KernelPoint> points, IReadOnlyList<double> logs,
        IEnumerable<(KernelHyperparameters Hyper, double LogPrior)> grid, int maxComponents, double minRelativeWeight = 1e-3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxComponents, 1);
        var observed = new ObservedKernel(points);
        var scored = new List<(double Score, GaussianPosterior Posterior)>();
        foreach (var (hyper, logPrior) in grid)
        {
            var posterior = GaussianPosterior.Fit(observed, logs, hyper);
            var score = posterior.LogEvidence + logPrior;
            if (double.IsFinite(score)) scored.Add((score, posterior));
        }
        if (scored.Count == 0) throw new InvalidOperationException("no hyperparameter setting of the grid gives a finite evidence");
        // Stable order: best score first; among equal scores, grid order (the first listed wins ties).
        var ordered = scored.Select((s, i) => (s.Score, s.Posterior, Index: i))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Index).Take(maxComponents).ToArray();
        var best = ordered[0].Score;
        var kept = ordered.Where(s => s.Score - best >= Math.Log(minRelativeWeight)).ToArray();
        var weights = kept.Select(s => Math.Exp(s.Score - best)).ToArray();
        var total = weights.Sum();
        return new PosteriorMixture(observed, kept.Select((s, i) => (weights[i] / total, s.Posterior)).ToArray());
    }

    /// <summary>Mean and variance of a new measurement's log cost under the mixture.</summary>
    public (double Mean, double Variance) Predict(KernelPoint point)
    {
        var k = _observed.Count;
        Span<double> head = k <= 128 ? stackalloc double[k] : new double[k];
        Span<double> shared = k <= 128 ? stackalloc double[k] : new double[k];
        _observed.Cross(point, head, shared);
        var selfHead = DeepKernel.HeadProduct(point, point);
        if (_components.Length == 1) return _components[0].Posterior.Predict(point, selfHead, head, shared);
        double mean = 0, second = 0;
        foreach (var (weight, posterior) in _components)
        {
            var (m, v) = posterior.Predict(point, selfHead, head, shared);
            mean += weight * m;
            second += weight * (v + m * m);
        }
        return (mean, Math.Max(second - mean * mean, 0));
    }
}

using System.Runtime.CompilerServices;

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

    /// <summary>The kept settings' posteriors with their weights (summing to 1), highest first.</summary>
    internal IReadOnlyList<(double Weight, GaussianPosterior Posterior)> Components => _components;

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

    /// <summary>The measured points the mixture's posteriors condition on.</summary>
    public ObservedKernel Observed => _observed;

    /// <summary>
    /// Mean and variance of a new measurement's log cost at one point under the mixture (for a few points, such as
    /// the measured ones the outlier screen tests; whole spaces go through the block overload).
    /// </summary>
    public (double Mean, double Variance) Predict(KernelPoint point)
    {
        if (_components.Length == 1) return _components[0].Posterior.Predict(point);
        double mean = 0, second = 0;
        foreach (var (weight, posterior) in _components)
        {
            var (m, v) = posterior.Predict(point);
            mean += weight * m;
            second += weight * (v + m * m);
        }
        return (mean, Math.Max(second - mean * mean, 0));
    }

    /// <summary>
    /// Mean and variance of a new measurement's log cost under the mixture for every point of
    /// <paramref name="block"/>, whose parts with the measured points are <paramref name="parts"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Predict(PointBlock block, BlockParts parts, Span<double> means, Span<double> variances, MixtureWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_components.Length == 1)
        {
            _components[0].Posterior.Predict(block, parts, means, variances, work.Cross);
            return;
        }
        var end = block.PaddedCount;
        means[..end].Clear();
        var second = work.Second.AsSpan(0, end);
        second.Clear();
        var mean = work.Mean.AsSpan(0, end);
        var variance = work.Variance.AsSpan(0, end);
        foreach (var (weight, posterior) in _components)
        {
            posterior.Predict(block, parts, mean, variance, work.Cross);
            for (var b = 0; b < end; b++)
            {
                means[b] += weight * mean[b];
                second[b] += weight * (variance[b] + mean[b] * mean[b]);
            }
        }
        for (var b = 0; b < end; b++) variances[b] = Math.Max(second[b] - means[b] * means[b], 0);
    }
}

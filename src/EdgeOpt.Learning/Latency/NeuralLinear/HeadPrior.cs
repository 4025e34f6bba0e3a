using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// A Gaussian prior over a device's head [w, b] estimated from the known devices' heads: their mean, and their
/// covariance shrunk towards a multiple of the identity (shrinkage · trace / dimension added to the diagonal, so
/// that directions no known device used keep some variance) with extra variance on the intercept.
/// </summary>
internal sealed class HeadPrior
{
    private HeadPrior(double[] mean, CholeskyFactor factor)
    {
        Mean = mean;
        Factor = factor;
    }

    /// <summary>μ: the mean head.</summary>
    public double[] Mean { get; }

    /// <summary>L with L Lᵀ = the prior covariance.</summary>
    public CholeskyFactor Factor { get; }

    public int Dimension => Mean.Length;

    /// <summary>A prior from a stored <see cref="Mean"/> and <see cref="Factor"/>; for persistence.</summary>
    internal static HeadPrior Restore(double[] mean, CholeskyFactor factor)
    {
        if (factor.Size != mean.Length)
            throw new ArgumentException($"the factor is {factor.Size}x{factor.Size}, the mean has {mean.Length} entries", nameof(factor));
        return new HeadPrior(mean, factor);
    }

    public static HeadPrior Estimate(IReadOnlyList<double[]> heads, double shrinkage, double interceptVariance)
    {
        if (heads.Count == 0) throw new ArgumentException("at least one known device's head", nameof(heads));
        var p = heads[0].Length;
        var mean = new double[p];
        foreach (var h in heads)
            for (var i = 0; i < p; i++) mean[i] += h[i] / heads.Count;
        var covariance = new double[p * p];
        var divisor = Math.Max(heads.Count - 1, 1);
        foreach (var h in heads)
            for (var i = 0; i < p; i++)
                for (var j = 0; j < p; j++)
                    covariance[i * p + j] += (h[i] - mean[i]) * (h[j] - mean[j]) / divisor;
        var trace = 0.0;
        for (var i = 0; i < p; i++) trace += covariance[i * p + i];
        if (heads.Count == 1)
        {
            // One device: no spread to estimate; use the size of its head instead.
            trace = mean.Sum(v => v * v);
        }
        var isotropic = shrinkage * trace / p;
        if (!(isotropic > 0)) isotropic = 1e-6;
        for (var i = 0; i < p; i++) covariance[i * p + i] += isotropic;
        covariance[(p - 1) * p + (p - 1)] += interceptVariance;
        return new HeadPrior(mean, CholeskyFactor.Of(covariance, p));
    }

    /// <summary>Lᵀψ and ψ·μ for ψ = [φ, 1].</summary>
    public (double[] Factor, double Mean) Project(ReadOnlySpan<double> phi)
    {
        var p = Dimension;
        if (phi.Length != p - 1) throw new ArgumentException($"embedding has {phi.Length} entries, the prior {p - 1}", nameof(phi));
        var psi = new double[p];
        phi.CopyTo(psi);
        psi[p - 1] = 1;
        var mean = 0.0;
        for (var i = 0; i < p; i++) mean += psi[i] * Mean[i];
        var factor = new double[p];
        for (var j = 0; j < p; j++)
        {
            var sum = 0.0;
            for (var i = j; i < p; i++) sum += Factor[i, j] * psi[i];
            factor[j] = sum;
        }
        return (factor, mean);
    }
}

using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Latency.Ridge;

/// <summary>
/// Ridge regression y ≈ b + z·β with a free intercept b and penalty λ‖β‖², solved in its dual form (K×K, so the
/// number of features may exceed the number of points). λ is chosen from a log-spaced grid by exact
/// leave-one-out error. The residual variance for intervals is the mean squared leave-one-out residual.
/// </summary>
internal sealed class CenteredRidge
{
    private readonly double[][] _centered; // K × F
    private readonly double[] _featureMean;
    private readonly double _targetMean;
    private readonly double[] _beta;
    private readonly CholeskyFactor _factor; // of Zc Zcᵀ + λI

    private CenteredRidge(double[][] centered, double[] featureMean, double targetMean, double[] beta,
        CholeskyFactor factor, double lambda, double residualVariance)
    {
        _centered = centered;
        _featureMean = featureMean;
        _targetMean = targetMean;
        _beta = beta;
        _factor = factor;
        Lambda = lambda;
        ResidualVariance = residualVariance;
    }

    public double Lambda { get; }

    /// <summary>Mean squared leave-one-out residual (a fallback value when there are fewer than 3 points).</summary>
    public double ResidualVariance { get; }

    /// <summary>Penalties tried: featureScale × 10^(-4 … 3) in half-decade steps.</summary>
    public static double[] LambdaGrid(double featureScale) =>
        Enumerable.Range(0, 15).Select(i => featureScale * Math.Pow(10, -4 + 0.5 * i)).ToArray();

    /// <param name="features">One feature vector per point (same length).</param>
    /// <param name="targets">One target per point.</param>
    /// <param name="lambdas">Candidate penalties; with fewer than 3 points the largest is used.</param>
    /// <param name="fallbackVariance">Residual variance used when leave-one-out is not possible.</param>
    public static CenteredRidge Fit(IReadOnlyList<double[]> features, IReadOnlyList<double> targets, IReadOnlyList<double> lambdas, double fallbackVariance)
    {
        var k = targets.Count;
        if (k == 0) throw new ArgumentException("ridge regression needs at least one point", nameof(targets));
        if (features.Count != k) throw new ArgumentException($"{features.Count} feature vectors for {k} targets", nameof(features));
        if (lambdas.Count == 0) throw new ArgumentException("at least one penalty", nameof(lambdas));
        var f = features[0].Length;
        var featureMean = new double[f];
        foreach (var z in features)
        {
            if (z.Length != f) throw new ArgumentException("feature vectors differ in length", nameof(features));
            for (var j = 0; j < f; j++) featureMean[j] += z[j] / k;
        }
        var targetMean = targets.Average();
        var centered = features.Select(z => z.Select((v, j) => v - featureMean[j]).ToArray()).ToArray();
        var yc = targets.Select(y => y - targetMean).ToArray();
        var gram = new double[k * k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j <= i; j++)
                gram[i * k + j] = gram[j * k + i] = Dot(centered[i], centered[j]);

        var bestLambda = lambdas.Max();
        var bestVariance = fallbackVariance;
        if (k >= 3)
        {
            var bestError = double.PositiveInfinity;
            foreach (var lambda in lambdas)
            {
                var factor = CholeskyFactor.Of(WithDiagonal(gram, k, lambda), k);
                var alpha = factor.Solve(yc);
                var inverse = factor.Inverse();
                var error = 0.0;
                for (var i = 0; i < k; i++)
                {
                    // Hat diagonal of the centered fit: 1/k + 1 - λ[(G + λI)⁻¹]ii; the residual is λ αi.
                    var oneMinusHat = lambda * inverse[i * k + i] - 1.0 / k;
                    if (oneMinusHat < 1e-9) { error = double.PositiveInfinity; break; }
                    var loo = lambda * alpha[i] / oneMinusHat;
                    error += loo * loo;
                }
                error /= k;
                if (error < bestError * (1 - 1e-12)) { bestError = error; bestLambda = lambda; }
            }
            if (double.IsFinite(bestError)) bestVariance = Math.Max(bestError, 1e-8);
        }

        var chosen = CholeskyFactor.Of(WithDiagonal(gram, k, bestLambda), k);
        var a = chosen.Solve(yc);
        var beta = new double[f];
        for (var i = 0; i < k; i++)
            for (var j = 0; j < f; j++) beta[j] += a[i] * centered[i][j];
        return new CenteredRidge(centered, featureMean, targetMean, beta, chosen, bestLambda, bestVariance);
    }

    /// <summary>Point prediction for a feature vector.</summary>
    public double Predict(ReadOnlySpan<double> z)
    {
        var value = _targetMean;
        for (var j = 0; j < _beta.Length; j++) value += (z[j] - _featureMean[j]) * _beta[j];
        return value;
    }

    /// <summary>Variance of a new measurement at z: σ² (1 + leverage), leverage = 1/K + zcᵀ(ZcᵀZc + λI)⁻¹zc.</summary>
    public double PredictiveVariance(ReadOnlySpan<double> z)
    {
        var k = _centered.Length;
        var zc = new double[z.Length];
        for (var j = 0; j < zc.Length; j++) zc[j] = z[j] - _featureMean[j];
        var cross = new double[k];
        for (var i = 0; i < k; i++) cross[i] = Dot(_centered[i], zc);
        var self = Dot(zc, zc);
        _factor.SolveLowerInPlace(cross);
        var explained = Dot(cross, cross);
        var leverage = 1.0 / k + Math.Max(self - explained, 0) / Lambda;
        return ResidualVariance * (1 + leverage);
    }

    private static double[] WithDiagonal(double[] gram, int k, double lambda)
    {
        var copy = (double[])gram.Clone();
        for (var i = 0; i < k; i++) copy[i * k + i] += lambda;
        return copy;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}

using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// The posterior of one device's log costs given its measurements under the prior of <see cref="DeepKernel"/>
/// (Gaussian process regression with a learned mean and kernel). Fitting is O(K³), predicting O(K² + K·m) per
/// architecture.
/// </summary>
internal sealed class GaussianPosterior
{
    private readonly KernelPoint[] _points;
    private readonly CholeskyFactor _factor;
    private readonly double[] _weights;

    private GaussianPosterior(KernelPoint[] points, CholeskyFactor factor, double[] weights, KernelHyperparameters hyper, double logEvidence)
    {
        _points = points;
        _factor = factor;
        _weights = weights;
        Hyperparameters = hyper;
        LogEvidence = logEvidence;
    }

    public KernelHyperparameters Hyperparameters { get; }

    /// <summary>log p(measurements | hyperparameters).</summary>
    public double LogEvidence { get; }

    public static GaussianPosterior Fit(IReadOnlyList<KernelPoint> points, IReadOnlyList<double> logs, KernelHyperparameters hyper)
    {
        var k = points.Count;
        var matrix = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < i; j++)
                matrix[i * k + j] = matrix[j * k + i] = DeepKernel.Between(points[i], points[j], hyper);
            matrix[i * k + i] = DeepKernel.Self(points[i], hyper) + hyper.Noise;
        }
        var factor = CholeskyFactor.Of(matrix, k);
        var residual = new double[k];
        for (var i = 0; i < k; i++) residual[i] = logs[i] - points[i].PriorMean;
        var whitened = (double[])residual.Clone();
        factor.SolveLowerInPlace(whitened);
        var quadratic = 0.0;
        foreach (var v in whitened) quadratic += v * v;
        var logEvidence = -0.5 * quadratic - 0.5 * factor.LogDeterminant() - 0.5 * k * Math.Log(2 * Math.PI);
        factor.SolveUpperInPlace(whitened);
        return new GaussianPosterior(points.ToArray(), factor, whitened, hyper, logEvidence);
    }

    /// <summary>Mean and variance of a new measurement's log cost at the point (noise included).</summary>
    public (double Mean, double Variance) Predict(KernelPoint point)
    {
        var k = _points.Length;
        Span<double> cross = k <= 256 ? stackalloc double[k] : new double[k];
        var mean = point.PriorMean;
        for (var i = 0; i < k; i++)
        {
            cross[i] = DeepKernel.Between(point, _points[i], Hyperparameters);
            mean += cross[i] * _weights[i];
        }
        _factor.SolveLowerInPlace(cross);
        var explained = 0.0;
        foreach (var v in cross) explained += v * v;
        var variance = Math.Max(DeepKernel.Self(point, Hyperparameters) - explained, 0) + Hyperparameters.Noise;
        return (mean, variance);
    }
}

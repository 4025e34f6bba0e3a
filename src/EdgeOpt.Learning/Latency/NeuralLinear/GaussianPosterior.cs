using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// The hyperparameter-free parts of the kernel among a device's measured points and between an architecture and
/// them (see <see cref="DeepKernel"/>): computed once, shared by every hyperparameter setting.
/// </summary>
internal sealed class ObservedKernel
{
    public ObservedKernel(IReadOnlyList<KernelPoint> points)
    {
        Points = points.ToArray();
        var k = Points.Length;
        Head = new double[k * k];
        Shared = new double[k * k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j <= i; j++)
            {
                Head[i * k + j] = Head[j * k + i] = DeepKernel.HeadProduct(Points[i], Points[j]);
                Shared[i * k + j] = Shared[j * k + i] = DeepKernel.SharedShare(Points[i], Points[j]);
            }
    }

    public KernelPoint[] Points { get; }

    public int Count => Points.Length;

    /// <summary>Head products, K×K row-major.</summary>
    public double[] Head { get; }

    /// <summary>Shared one-hot shares, K×K row-major.</summary>
    public double[] Shared { get; }

    /// <summary>The parts between one architecture and each measured point.</summary>
    public void Cross(KernelPoint point, Span<double> head, Span<double> shared)
    {
        for (var i = 0; i < Points.Length; i++)
        {
            head[i] = DeepKernel.HeadProduct(point, Points[i]);
            shared[i] = DeepKernel.SharedShare(point, Points[i]);
        }
    }
}

/// <summary>
/// The posterior of one device's log costs given its measurements under the prior of <see cref="DeepKernel"/>
/// (Gaussian process regression with a learned mean and kernel) for one hyperparameter setting. Fitting is
/// O(K³); predicting is O(K²) per architecture once the hyperparameter-free parts are known.
/// </summary>
internal sealed class GaussianPosterior
{
    private readonly ObservedKernel _observed;
    private readonly CholeskyFactor _factor;
    private readonly double[] _weights;

    private GaussianPosterior(ObservedKernel observed, CholeskyFactor factor, double[] weights, KernelHyperparameters hyper, double logEvidence)
    {
        _observed = observed;
        _factor = factor;
        _weights = weights;
        Hyperparameters = hyper;
        LogEvidence = logEvidence;
    }

    public KernelHyperparameters Hyperparameters { get; }

    /// <summary>log p(measurements | hyperparameters).</summary>
    public double LogEvidence { get; }

    public static GaussianPosterior Fit(IReadOnlyList<KernelPoint> points, IReadOnlyList<double> logs, KernelHyperparameters hyper) =>
        Fit(new ObservedKernel(points), logs, hyper);

    public static GaussianPosterior Fit(ObservedKernel observed, IReadOnlyList<double> logs, KernelHyperparameters hyper)
    {
        var k = observed.Count;
        var points = observed.Points;
        var matrix = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < i; j++)
                matrix[i * k + j] = matrix[j * k + i] = DeepKernel.Combine(
                    observed.Head[i * k + j], observed.Shared[i * k + j], points[i].Degenerate, points[j].Degenerate, hyper);
            matrix[i * k + i] = DeepKernel.CombineSelf(observed.Head[i * k + i], points[i].Degenerate, hyper) + hyper.Noise;
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
        return new GaussianPosterior(observed, factor, whitened, hyper, logEvidence);
    }

    /// <summary>Mean and variance of a new measurement's log cost at the point (noise included).</summary>
    public (double Mean, double Variance) Predict(KernelPoint point)
    {
        var k = _observed.Count;
        Span<double> head = k <= 128 ? stackalloc double[k] : new double[k];
        Span<double> shared = k <= 128 ? stackalloc double[k] : new double[k];
        _observed.Cross(point, head, shared);
        return Predict(point, DeepKernel.HeadProduct(point, point), head, shared);
    }

    /// <summary>As <see cref="Predict(KernelPoint)"/>, from the hyperparameter-free parts (see <see cref="ObservedKernel.Cross"/>).</summary>
    public (double Mean, double Variance) Predict(KernelPoint point, double selfHead, ReadOnlySpan<double> head, ReadOnlySpan<double> shared)
    {
        var k = _observed.Count;
        var points = _observed.Points;
        var h = Hyperparameters;
        Span<double> cross = k <= 128 ? stackalloc double[k] : new double[k];
        var mean = point.PriorMean;
        for (var i = 0; i < k; i++)
        {
            cross[i] = DeepKernel.Combine(head[i], shared[i], point.Degenerate, points[i].Degenerate, h);
            mean += cross[i] * _weights[i];
        }
        _factor.SolveLowerInPlace(cross);
        var explained = 0.0;
        foreach (var v in cross) explained += v * v;
        var variance = Math.Max(DeepKernel.CombineSelf(selfHead, point.Degenerate, h) - explained, 0) + h.Noise;
        return (mean, variance);
    }
}

using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// The hyperparameter-free parts of the kernel among a device's measured points and between an architecture and
/// them (see <see cref="DeepKernel"/>): computed once, shared by every hyperparameter setting.
/// </summary>
internal sealed class ObservedKernel
{
    /// <param name="points">The measured architectures.</param>
    /// <param name="resolution">The step the device's values were rounded to (see <see cref="MeasurementResolution"/>; 0: none).</param>
    /// <param name="values">The measured values (needed with a resolution: rounding noise depends on the value).</param>
    public ObservedKernel(IReadOnlyList<KernelPoint> points, double resolution = 0, IReadOnlyList<double>? values = null)
    {
        Points = points.ToArray();
        Resolution = resolution;
        RoundingNoise = new double[Points.Length];
        if (resolution > 0)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (values.Count != Points.Length) throw new ArgumentException($"{values.Count} values for {Points.Length} points", nameof(values));
            for (var i = 0; i < Points.Length; i++) RoundingNoise[i] = MeasurementResolution.LogVariance(resolution, values[i]);
        }
        var k = Points.Length;
        Parts = new KernelParts[k * k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j <= i; j++)
                Parts[i * k + j] = Parts[j * k + i] = DeepKernel.Parts(Points[i], Points[j]);
    }

    public KernelPoint[] Points { get; }

    /// <summary>The step the device's values were rounded to (0: none).</summary>
    public double Resolution { get; }

    /// <summary>Per measured point, the variance rounding adds to its log value (added to the noise).</summary>
    public double[] RoundingNoise { get; }

    public int Count => Points.Length;

    /// <summary>Hyperparameter-free parts among the measured points, K×K row-major.</summary>
    public KernelParts[] Parts { get; }

    /// <summary>The parts between one architecture and each measured point.</summary>
    public void Cross(KernelPoint point, Span<KernelParts> parts)
    {
        for (var i = 0; i < Points.Length; i++) parts[i] = DeepKernel.Parts(point, Points[i]);
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
                    observed.Parts[i * k + j], points[i].Degenerate, points[j].Degenerate, hyper);
            matrix[i * k + i] = DeepKernel.CombineSelf(observed.Parts[i * k + i], points[i].Degenerate, hyper) + hyper.Noise
                                + observed.RoundingNoise[i];
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

    /// <summary>Mean and variance of a new measurement's log cost at the point (noise and rounding included).</summary>
    public (double Mean, double Variance) Predict(KernelPoint point)
    {
        var k = _observed.Count;
        Span<KernelParts> cross = k <= 128 ? stackalloc KernelParts[k] : new KernelParts[k];
        _observed.Cross(point, cross);
        return Predict(point, DeepKernel.Parts(point, point), cross);
    }

    /// <summary>As <see cref="Predict(KernelPoint)"/>, from the hyperparameter-free parts (see <see cref="ObservedKernel.Cross"/>).</summary>
    public (double Mean, double Variance) Predict(KernelPoint point, KernelParts self, ReadOnlySpan<KernelParts> parts)
    {
        var k = _observed.Count;
        var points = _observed.Points;
        var h = Hyperparameters;
        Span<double> cross = k <= 128 ? stackalloc double[k] : new double[k];
        var mean = point.PriorMean;
        for (var i = 0; i < k; i++)
        {
            cross[i] = DeepKernel.Combine(parts[i], point.Degenerate, points[i].Degenerate, h);
            mean += cross[i] * _weights[i];
        }
        _factor.SolveLowerInPlace(cross);
        var explained = 0.0;
        foreach (var v in cross) explained += v * v;
        var variance = Math.Max(DeepKernel.CombineSelf(self, point.Degenerate, h) - explained, 0) + h.Noise
                       + MeasurementResolution.LogVariance(_observed.Resolution, Math.Exp(mean));
        return (mean, variance);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

}

/// <summary>
/// The posterior of one device's log costs given its measurements under the prior of <see cref="DeepKernel"/>
/// (Gaussian process regression with a learned mean and kernel) for one hyperparameter setting. Fitting is
/// O(K³); predicting is O(K²) per architecture once the hyperparameter-free parts are known, done for a block of
/// architectures at once (<see cref="PointBlock"/>, <see cref="BlockParts"/>).
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

    /// <summary>The measured points (with their hyperparameter-free parts) this posterior conditions on.</summary>
    internal ObservedKernel Observed => _observed;

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
        var block = new PointBlock(point, capacity: 1);
        block.Load(1, _ => point);
        var parts = new BlockParts(_observed.Count, block.Capacity);
        parts.Compute(block, _observed);
        var mean = new double[block.Capacity];
        var variance = new double[block.Capacity];
        Predict(block, parts, mean, variance, new double[_observed.Count * block.Capacity]);
        return (mean[0], variance[0]);
    }

    /// <summary>
    /// <see cref="Predict(KernelPoint)"/> for every point of a block, from its hyperparameter-free parts: the
    /// cross-covariances of the whole block, then one forward substitution L z = k* for all of its points at once.
    /// </summary>
    /// <param name="work">Scratch of at least <see cref="ObservedKernel.Count"/> × the block's capacity.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Predict(PointBlock block, BlockParts parts, Span<double> means, Span<double> variances, Span<double> work)
    {
        var k = _observed.Count;
        var capacity = block.Capacity;
        var end = block.PaddedCount;
        if (parts.Observed != k || parts.Capacity != capacity || means.Length < end || variances.Length < end || work.Length < k * capacity)
            throw new ArgumentException($"block of width {capacity} with parts for {parts.Observed} points; this posterior has {k}");
        var h = Hyperparameters;
        var points = _observed.Points;
        var lower = _factor.Lower;
        var width = Vector<double>.Count;
        ref var head = ref MemoryMarshal.GetArrayDataReference(parts.Head);
        ref var shared = ref MemoryMarshal.GetArrayDataReference(parts.Shared);
        ref var counts = ref MemoryMarshal.GetArrayDataReference(parts.Counts);
        ref var cross = ref MemoryMarshal.GetReference(work);
        var headScale = new Vector<double>(h.HeadScale);
        var optionVariance = new Vector<double>(h.OptionVariance);
        var interactionVariance = new Vector<double>(h.InteractionVariance);
        var countVariance = new Vector<double>(h.CountVariance);
        var degenerateVariance = new Vector<double>(h.DegenerateVariance);
        var degenerateSelf = new Vector<double>(h.DegenerateVariance + h.DegenerateSpread);
        var noise = new Vector<double>(h.Noise);
        for (var b = 0; b < end; b += width)
        {
            var degenerate = Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(block.Degenerate), (nuint)b);
            var mean = Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(block.PriorMean), (nuint)b);
            for (var j = 0; j < k; j++)
            {
                var at = (nuint)(j * capacity + b);
                var s = Vector.LoadUnsafe(ref shared, at);
                // The order of DeepKernel.Combine, term by term.
                var c = headScale * Vector.LoadUnsafe(ref head, at) + optionVariance * s + interactionVariance * s * s
                        + countVariance * Vector.LoadUnsafe(ref counts, at);
                if (h.SeparateDegenerate)
                    c = points[j].Degenerate
                        ? Vector.ConditionalSelect(degenerate, degenerateVariance, Vector<double>.Zero)
                        : Vector.ConditionalSelect(degenerate, Vector<double>.Zero, c);
                Vector.StoreUnsafe(c, ref cross, at);
                mean += c * new Vector<double>(_weights[j]);
            }
            // Forward substitution, as CholeskyFactor.SolveLowerInPlace, for the block's points side by side.
            var explained = Vector<double>.Zero;
            for (var i = 0; i < k; i++)
            {
                var sum = Vector.LoadUnsafe(ref cross, (nuint)(i * capacity + b));
                for (var j = 0; j < i; j++)
                    sum -= new Vector<double>(lower[i * k + j]) * Vector.LoadUnsafe(ref cross, (nuint)(j * capacity + b));
                var z = sum / new Vector<double>(lower[i * k + i]);
                Vector.StoreUnsafe(z, ref cross, (nuint)(i * capacity + b));
                explained += z * z;
            }
            // DeepKernel.CombineSelf: the shared share of a point with itself is 1.
            var self = headScale * Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(parts.SelfHead), (nuint)b)
                       + optionVariance + interactionVariance
                       + countVariance * Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(parts.SelfCounts), (nuint)b);
            if (h.SeparateDegenerate) self = Vector.ConditionalSelect(degenerate, degenerateSelf, self);
            var variance = Vector.Max(self - explained, Vector<double>.Zero) + noise;
            mean.StoreUnsafe(ref MemoryMarshal.GetReference(means), (nuint)b);
            variance.StoreUnsafe(ref MemoryMarshal.GetReference(variances), (nuint)b);
        }
        if (_observed.Resolution > 0)
            for (var b = 0; b < block.Count; b++)
                variances[b] += MeasurementResolution.LogVariance(_observed.Resolution, Math.Exp(means[b]));
    }
}

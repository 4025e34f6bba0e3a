using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Latency.CostComponents;

/// <summary>
/// A device's cost as an additive model with a learned correction, fitted on that device's measurements alone:
/// <list type="number">
/// <item>cost ≈ Σ_j θ_j x_j over the <see cref="CostComponentVector"/> components x, θ &gt;= 0, fitted to minimize the
/// squared relative error (so small and large networks weigh alike);</item>
/// <item>the log of the ratio measured / additive is a Gaussian process over the standardized logs of the
/// components (squared-exponential kernel plus noise), with its scale, length and noise chosen by the evidence of
/// the measurements on a grid. It learns how efficiency varies with shape (small layers run below peak, ...).</item>
/// </list>
/// Predictions are log-normal: the additive model times the process's mean, with the process's predictive spread
/// (noise included). Immutable once fitted; thread-safe.
/// </summary>
public sealed class AdditiveCostRegression
{
    private static readonly double[] Lengths = [0.5, 1, 2, 4, 8];
    private static readonly double[] Scales = [0.01, 0.03, 0.1, 0.3, 1, 3];
    private static readonly double[] Noises = [0.003, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28];

    private readonly double[] _theta;
    private readonly double[] _columnScale;
    private readonly int[] _descriptorColumns;
    private readonly double[] _descriptorMean;
    private readonly double[] _descriptorScale;
    private readonly double[][] _points;
    private readonly double[] _alpha;
    private readonly CholeskyFactor _factor;
    private readonly int _inputLength;

    private AdditiveCostRegression(
        double[] theta, double[] columnScale, int[] descriptorColumns, double[] descriptorMean, double[] descriptorScale,
        double[][] points, double[] alpha, CholeskyFactor factor, double length, double scale, double noise,
        int inputLength, double? residentBytes)
    {
        _inputLength = inputLength;
        ResidentWeightBytes = residentBytes;
        _theta = theta;
        _columnScale = columnScale;
        _descriptorColumns = descriptorColumns;
        _descriptorMean = descriptorMean;
        _descriptorScale = descriptorScale;
        _points = points;
        _alpha = alpha;
        _factor = factor;
        Length = length;
        Scale = scale;
        Noise = noise;
    }

    /// <summary>
    /// The cache size chosen for the fully connected weights, in bytes: a network whose weight footprint is at most
    /// this has its fully connected traffic costed at its own (cache) rate; null when one rate fits best (or the
    /// components are not a <see cref="CostComponentVector"/>).
    /// </summary>
    public double? ResidentWeightBytes { get; }

    /// <summary>Length scale of the correction's kernel (standardized log units).</summary>
    public double Length { get; }

    /// <summary>Prior spread of the correction (log units).</summary>
    public double Scale { get; }

    /// <summary>Measurement noise (log units, a standard deviation).</summary>
    public double Noise { get; }

    /// <summary>
    /// The additive model's coefficients, per unit of each component; for a <see cref="CostComponentVector"/> one
    /// more at the end: fully connected multiply-adds of networks whose weights fit in <see cref="ResidentWeightBytes"/>.
    /// </summary>
    public IReadOnlyList<double> Coefficients => _theta.Select((t, j) => t * _columnScale[j]).ToArray();

    /// <summary>Fits the model to measured costs (any positive unit) of networks described by their components.</summary>
    public static AdditiveCostRegression Fit(IReadOnlyList<double[]> components, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(values);
        if (components.Count != values.Count)
            throw new ArgumentException($"{components.Count} component vectors but {values.Count} values", nameof(values));
        if (components.Count == 0) throw new ArgumentException("at least one measurement is needed", nameof(values));
        var p = components[0].Length;
        for (var i = 0; i < components.Count; i++)
        {
            if (components[i].Length != p)
                throw new ArgumentException($"component vector {i} has {components[i].Length} entries; the first has {p}", nameof(components));
            if (!(values[i] > 0) || !double.IsFinite(values[i]))
                throw new ArgumentOutOfRangeException(nameof(values), values[i], $"measurement {i} must be finite and > 0");
        }
        var n = components.Count;
        var inputLength = p;

        // 1. Additive part, with fully connected traffic split by the cache regime (see FitAdditive).
        var (residentBytes, columnScale, theta) = FitAdditive(components, values);
        var expanded = components.Select(c => Expand(c, residentBytes)).ToArray();

        // 2. Correction: a Gaussian process on the log ratio over standardized log components (as given).
        var descriptorColumns = Enumerable.Range(1, p - 1)
            .Where(j => components.Select(c => c[j]).Distinct().Count() > 1).ToArray();
        var descriptorMean = new double[descriptorColumns.Length];
        var descriptorScale = new double[descriptorColumns.Length];
        for (var d = 0; d < descriptorColumns.Length; d++)
        {
            var logs = components.Select(c => Math.Log(1 + Math.Max(0, c[descriptorColumns[d]]))).ToArray();
            descriptorMean[d] = logs.Average();
            var sd = Math.Sqrt(logs.Average(v => (v - descriptorMean[d]) * (v - descriptorMean[d])));
            descriptorScale[d] = sd > 1e-9 ? 1 / sd : 0;
        }
        var points = components.Select(c => Describe(c, descriptorColumns, descriptorMean, descriptorScale)).ToArray();
        var residual = expanded.Select((c, i) => Math.Log(values[i]) - Math.Log(AdditiveValue(theta, columnScale, c))).ToArray();

        var distances = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var k = 0; k <= i; k++)
                distances[i * n + k] = distances[k * n + i] = SquaredDistance(points[i], points[k]) / Math.Max(1, descriptorColumns.Length);

        (double Evidence, double Length, double Scale, double Noise, CholeskyFactor Factor, double[] Alpha)? best = null;
        var kernel = new double[n * n];
        foreach (var length in Lengths)
            foreach (var scale in Scales)
                foreach (var noise in Noises)
                {
                    for (var i = 0; i < n * n; i++) kernel[i] = scale * scale * Math.Exp(-distances[i] / (2 * length * length));
                    for (var i = 0; i < n; i++) kernel[i * n + i] += noise * noise;
                    var factor = CholeskyFactor.Of(kernel, n);
                    var alpha = factor.Solve(residual);
                    var fit = residual.Select((r, i) => r * alpha[i]).Sum();
                    var evidence = -0.5 * fit - 0.5 * factor.LogDeterminant();
                    if (best is null || evidence > best.Value.Evidence + 1e-9)
                        best = (evidence, length, scale, noise, factor, alpha);
                }
        var chosen = best!.Value;
        return new AdditiveCostRegression(theta, columnScale, descriptorColumns, descriptorMean, descriptorScale, points,
            chosen.Alpha, chosen.Factor, chosen.Length, chosen.Scale, chosen.Noise, inputLength, residentBytes);
    }

    private void CheckLength(double[] components)
    {
        if (components.Length != _inputLength)
            throw new ArgumentException($"{components.Length} components; the model was fitted on {_inputLength}", nameof(components));
    }

    /// <summary>Cache sizes tried for the fully connected weights: 256 KiB to 256 MiB by factors of 2.</summary>
    private static readonly double[] CacheSizes = Enumerable.Range(18, 11).Select(e => Math.Pow(2, e)).ToArray();

    /// <summary>
    /// The additive fit, choosing whether (and at which cache size) fully connected traffic has two rates. A fully
    /// connected layer at batch 1 reads each weight once per input: from the cache when the network's weights fit
    /// in it (they stay there between inputs), from memory when they do not (a cyclic pass over more than the cache
    /// evicts everything). The cache size is a property of the device, not known in advance: each candidate is
    /// fitted and the one with the smallest relative squared error is kept if it beats a single rate by more than
    /// the extra parameter and the search over candidates can explain (n ln(RSS1/RSS2) &gt; 2 + 2 ln #candidates),
    /// with at least three measured networks having fully connected work on each side.
    /// </summary>
    private static (double? ResidentBytes, double[] ColumnScale, double[] Theta) FitAdditive(
        IReadOnlyList<double[]> components, IReadOnlyList<double> values)
    {
        var single = FitAdditive(components, values, null);
        if (components[0].Length != CostComponentVector.Length) return (null, single.ColumnScale, single.Theta);
        var n = components.Count;
        var best = (Bytes: (double?)null, single.ColumnScale, single.Theta, single.Rss);
        var withFc = components.Where(c => c[CostComponentVector.FullyConnectedMacs] > 0).Select(c => c[CostComponentVector.WeightBytes]).ToArray();
        foreach (var size in CacheSizes)
        {
            var resident = withFc.Count(f => f <= size);
            if (resident < 3 || withFc.Length - resident < 3) continue;
            var fit = FitAdditive(components, values, size);
            if (fit.Rss < best.Rss) best = (size, fit.ColumnScale, fit.Theta, fit.Rss);
        }
        var threshold = 2 + 2 * Math.Log(CacheSizes.Length);
        if (best.Bytes is null || !(n * Math.Log(single.Rss / best.Rss) > threshold)) return (null, single.ColumnScale, single.Theta);
        return (best.Bytes, best.ColumnScale, best.Theta);
    }

    private static (double[] ColumnScale, double[] Theta, double Rss) FitAdditive(
        IReadOnlyList<double[]> components, IReadOnlyList<double> values, double? residentBytes)
    {
        var expanded = components.Select(c => Expand(c, residentBytes)).ToArray();
        var n = expanded.Length;
        var p = expanded[0].Length;
        // Columns scaled to mean 1 over the measurements, rows divided by the measured value (relative error).
        var columnScale = new double[p];
        for (var j = 0; j < p; j++)
        {
            var mean = expanded.Average(c => Math.Abs(c[j]));
            columnScale[j] = mean > 0 ? 1 / mean : 0;
        }
        var rows = expanded.Select((c, i) => c.Select((x, j) => x * columnScale[j] / values[i]).ToArray()).ToArray();
        var theta = NonNegativeLeastSquares.Solve(rows, Enumerable.Repeat(1.0, n).ToArray());
        var rss = rows.Sum(r => { var e = r.Select((x, j) => x * theta[j]).Sum() - 1; return e * e; });
        return (columnScale, theta, Math.Max(rss, 1e-300));
    }

    /// <summary>
    /// A <see cref="CostComponentVector"/> with one more entry, the part of the fully connected traffic served from a
    /// cache of <paramref name="residentBytes"/> (moved out of <c>fc_macs</c>): all of it when the network's weights
    /// fit, else the share of the weights that fits (size / footprint, as if the cache kept that much of them from
    /// one input to the next); other vectors as they are.
    /// </summary>
    private static double[] Expand(double[] c, double? residentBytes)
    {
        if (c.Length != CostComponentVector.Length) return c;
        var e = new double[c.Length + 1];
        Array.Copy(c, e, c.Length);
        if (residentBytes is { } size && c[CostComponentVector.FullyConnectedMacs] > 0)
        {
            var footprint = c[CostComponentVector.WeightBytes];
            var resident = footprint <= size ? 1.0 : size / footprint;
            var fc = c[CostComponentVector.FullyConnectedMacs];
            e[c.Length] = fc * resident;
            e[CostComponentVector.FullyConnectedMacs] = fc * (1 - resident);
        }
        return e;
    }

    /// <summary>The additive model's value alone (no correction), in the unit of the measurements.</summary>
    public double Additive(double[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        CheckLength(components);
        return AdditiveValue(_theta, _columnScale, Expand(components, ResidentWeightBytes));
    }

    /// <summary>The log-normal prediction for a network's components (measurement noise included in the spread).</summary>
    public LatencyPrediction Predict(double[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        CheckLength(components);
        var point = Describe(components, _descriptorColumns, _descriptorMean, _descriptorScale);
        var n = _points.Length;
        var k = new double[n];
        var dims = Math.Max(1, _descriptorColumns.Length);
        for (var i = 0; i < n; i++)
            k[i] = Scale * Scale * Math.Exp(-SquaredDistance(point, _points[i]) / dims / (2 * Length * Length));
        var mean = k.Select((v, i) => v * _alpha[i]).Sum();
        var v2 = (double[])k.Clone();
        _factor.SolveLowerInPlace(v2);
        var variance = Math.Max(Scale * Scale - v2.Sum(x => x * x), 0) + Noise * Noise;
        return new LatencyPrediction(Math.Log(Additive(components)) + mean, Math.Sqrt(variance));
    }

    private static double AdditiveValue(double[] theta, double[] columnScale, double[] components)
    {
        var sum = 0.0;
        for (var j = 0; j < theta.Length; j++) sum += theta[j] * columnScale[j] * components[j];
        // A network with none of the fitted drivers still costs something: never below a tiny positive floor.
        return Math.Max(sum, 1e-9);
    }

    private static double[] Describe(double[] c, int[] columns, double[] mean, double[] scale)
    {
        var z = new double[columns.Length];
        for (var d = 0; d < columns.Length; d++) z[d] = (Math.Log(1 + Math.Max(0, c[columns[d]])) - mean[d]) * scale[d];
        return z;
    }

    private static double SquaredDistance(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }
}

using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// y ≈ u·θ + v·γ + z·β with a few free dense columns u (the intercept, and the proxy's log-latency when adapting),
/// a few penalized dense columns v (further proxies, standardized) and one-hot columns z (one per option of each
/// decision), with penalty λ(‖γ‖² + ‖β‖²). The penalty is chosen from <see cref="LambdaGrid"/> by the
/// restricted marginal likelihood (evidence) of the targets, computed in the dual (n×n, n = points) after
/// profiling out θ: with a few dozen points it picks more stably than leave-one-out error. The exact leave-one-out
/// residuals at the chosen penalty are kept; the predictive variance of a new point is σ²(1 + leverage) with σ²
/// their (weighted) mean square. Immutable.
/// </summary>
internal sealed class OperatorRidge
{
    private const double FreeJitter = 1e-8;
    private readonly double[] _inverse; // (XᵀX + diag(ε, λ, λ))⁻¹, row-major: free, penalized dense, one-hot
    private readonly int _dense;
    private readonly int _penalized;

    private OperatorRidge(
        double lambda, double[] theta, double[] gamma, double[] beta, double[] looResiduals, double residualVariance, double[] inverse)
    {
        Lambda = lambda;
        Theta = theta;
        Gamma = gamma;
        Beta = beta;
        LooResiduals = looResiduals;
        ResidualVariance = residualVariance;
        _inverse = inverse;
        _dense = theta.Length;
        _penalized = gamma.Length;
    }

    public double Lambda { get; }

    /// <summary>Coefficients of the free dense columns.</summary>
    public IReadOnlyList<double> Theta { get; }

    /// <summary>Coefficients of the penalized dense columns.</summary>
    public IReadOnlyList<double> Gamma { get; }

    /// <summary>Coefficients of the one-hot columns.</summary>
    public IReadOnlyList<double> Beta { get; }

    /// <summary>Leave-one-out residuals (measured minus predicted without the point), in input order.</summary>
    public IReadOnlyList<double> LooResiduals { get; }

    /// <summary>Mean squared leave-one-out residual (floored at 1e-8).</summary>
    public double ResidualVariance { get; }

    /// <summary>Penalties tried: 10^-2 … 10^4 in quarter-decade steps.</summary>
    public static IReadOnlyList<double> LambdaGrid { get; } = Enumerable.Range(0, 25).Select(i => Math.Pow(10, -2 + 0.25 * i)).ToArray();

    /// <param name="dense">Free columns per point (same length q for all; the first is usually the constant 1).</param>
    /// <param name="penalized">Penalized dense columns per point (same length s for all; s may be 0).</param>
    /// <param name="active">Positions of the ones of each point's one-hot part.</param>
    /// <param name="oneHotLength">Length of the one-hot part.</param>
    /// <param name="targets">One target per point; needs more points than free columns.</param>
    /// <param name="weights">Weight of each point's squared error (all 1 when null; each in (0, 1]).</param>
    public static OperatorRidge Fit(
        IReadOnlyList<double[]> dense, IReadOnlyList<double[]> penalized, IReadOnlyList<int[]> active, int oneHotLength,
        IReadOnlyList<double> targets, IReadOnlyList<double>? weights = null, IReadOnlyList<double>? lambdas = null)
    {
        var n = targets.Count;
        if (dense.Count != n || penalized.Count != n || active.Count != n)
            throw new ArgumentException($"{dense.Count} dense rows, {penalized.Count} penalized rows and {active.Count} one-hot rows for {n} targets");
        if (weights is not null && weights.Count != n) throw new ArgumentException($"{weights.Count} weights for {n} targets", nameof(weights));
        // Weighted least squares as ordinary least squares on rows scaled by √w.
        var scale = Enumerable.Range(0, n).Select(i => weights is null ? 1.0 : Math.Sqrt(weights[i])).ToArray();
        dense = dense.Select((u, i) => u.Select(v => v * scale[i]).ToArray()).ToArray();
        penalized = penalized.Select((u, i) => u.Select(v => v * scale[i]).ToArray()).ToArray();
        targets = targets.Select((t, i) => t * scale[i]).ToArray();
        var s = n == 0 ? 0 : penalized[0].Length;
        var q = n == 0 ? 0 : dense[0].Length;
        if (n <= q) throw new ArgumentException($"{n} points cannot fit {q} free coefficients and a penalized correction; at least {q + 1} are needed", nameof(targets));
        lambdas ??= LambdaGrid;

        // Residual maker M = I - U (UᵀU)⁻¹ Uᵀ (a tiny jitter keeps a constant proxy column solvable).
        var utu = new double[q * q];
        foreach (var u in dense)
            for (var a = 0; a < q; a++)
                for (var b = 0; b < q; b++) utu[a * q + b] += u[a] * u[b];
        for (var a = 0; a < q; a++) utu[a * q + a] += FreeJitter * Math.Max(1, utu[a * q + a]);
        var utuInverse = CholeskyFactor.Of(utu, q).Inverse();
        var projection = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                projection[i * n + j] = QuadraticForm(dense[i], utuInverse, dense[j]);
        var maker = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) maker[i * n + j] = (i == j ? 1.0 : 0.0) - projection[i * n + j];

        // K = Z Zᵀ (shared active positions) + V Vᵀ; K̃ = M K M.
        var sets = active.Select(a => a.ToHashSet()).ToArray();
        var gram = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++)
            {
                var value = scale[i] * scale[j] * active[i].Count(sets[j].Contains);
                for (var c = 0; c < s; c++) value += penalized[i][c] * penalized[j][c];
                gram[i * n + j] = gram[j * n + i] = value;
            }
        var reduced = Multiply(Multiply(maker, gram, n), maker, n);
        var y = targets.ToArray();
        var my = MultiplyVector(maker, y, n);
        var py = MultiplyVector(projection, y, n);

        double bestScore = double.NegativeInfinity, bestLambda = lambdas.Max();
        foreach (var lambda in lambdas)
        {
            var system = (double[])reduced.Clone();
            for (var i = 0; i < n; i++) system[i * n + i] += lambda;
            var factor = CholeskyFactor.Of(system, n);
            var alpha = factor.Solve(my);
            // Restricted log-likelihood of My ~ N(0, σ²(I + K̃/λ)) with σ² profiled out (θ integrated flat).
            var quadratic = lambda * Dot(my, alpha);
            var score = -0.5 * (factor.LogDeterminant() - n * Math.Log(lambda)) - 0.5 * (n - q) * Math.Log(Math.Max(quadratic, 1e-300));
            if (double.IsFinite(score) && score > bestScore) { bestScore = score; bestLambda = lambda; }
        }

        // Exact leave-one-out residuals at the chosen penalty: hat matrix H = P_U + K̃ (K̃ + λI)⁻¹.
        var chosen = (double[])reduced.Clone();
        for (var i = 0; i < n; i++) chosen[i * n + i] += bestLambda;
        var chosenFactor = CholeskyFactor.Of(chosen, n);
        var smoother = Multiply(reduced, chosenFactor.Inverse(), n);
        var fitted = MultiplyVector(reduced, chosenFactor.Solve(my), n);
        var bestLoo = new double[n];
        var bestError = 0.0;
        for (var i = 0; i < n; i++)
        {
            var oneMinusHat = 1 - projection[i * n + i] - smoother[i * n + i];
            if (oneMinusHat < 1e-9) { bestError = double.PositiveInfinity; break; }
            bestLoo[i] = (y[i] - py[i] - fitted[i]) / oneMinusHat;
            bestError += bestLoo[i] * bestLoo[i];
        }
        bestError /= n;

        // Coefficients at the chosen penalty: β = Zᵀ M α, γ = Vᵀ M α, θ = (UᵀU)⁻¹ Uᵀ (y - V γ - Z β).
        var mAlpha = MultiplyVector(maker, chosenFactor.Solve(my), n);
        var beta = new double[oneHotLength];
        var gamma = new double[s];
        for (var i = 0; i < n; i++)
        {
            foreach (var k in active[i]) beta[k] += scale[i] * mAlpha[i];
            for (var c = 0; c < s; c++) gamma[c] += penalized[i][c] * mAlpha[i];
        }
        var utr = new double[q];
        for (var i = 0; i < n; i++)
        {
            var r = y[i];
            foreach (var k in active[i]) r -= scale[i] * beta[k];
            for (var c = 0; c < s; c++) r -= gamma[c] * penalized[i][c];
            for (var a = 0; a < q; a++) utr[a] += dense[i][a] * r;
        }
        var theta = new double[q];
        for (var a = 0; a < q; a++)
            for (var b = 0; b < q; b++) theta[a] += utuInverse[a * q + b] * utr[b];

        // Leave-one-out residuals on the original scale; σ² is their weighted mean square.
        var looResiduals = !double.IsFinite(bestError) ? new double[n] : bestLoo.Select((r, i) => r / scale[i]).ToArray();
        var variance = double.IsFinite(bestError) ? Math.Max(bestError * n / scale.Sum(v => v * v), 1e-8) : Math.Max(Variance(y), 1e-8);
        var primalInverse = PrimalInverse(dense, penalized, active, scale, q, s, oneHotLength, bestLambda);
        return new OperatorRidge(bestLambda, theta, gamma, beta, looResiduals, variance, primalInverse);
    }

    /// <summary>Weights of the final iteration of <see cref="FitRobust"/> (all 1 for a plain fit).</summary>
    public IReadOnlyList<double> Weights { get; private init; } = [];

    /// <summary>
    /// <see cref="Fit"/> with Huber weights by iteratively reweighted least squares: a point whose residual exceeds
    /// 1.345 robust standard deviations (1.4826 × the median absolute deviation) gets weight 1.345 s / |r|, so that a
    /// few extreme points (a glitch in a known device's measurement, a network a compiler removes) cannot bend the
    /// whole fit. At most <paramref name="iterations"/> refits.
    /// </summary>
    public static OperatorRidge FitRobust(
        IReadOnlyList<double[]> dense, IReadOnlyList<double[]> penalized, IReadOnlyList<int[]> active, int oneHotLength,
        IReadOnlyList<double> targets, int iterations = 8)
    {
        var n = targets.Count;
        var weights = Enumerable.Repeat(1.0, n).ToArray();
        var fit = Fit(dense, penalized, active, oneHotLength, targets);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var residuals = Enumerable.Range(0, n).Select(i => targets[i] - fit.Predict(dense[i], penalized[i], active[i])).ToArray();
            var median = Median(residuals);
            var spread = 1.4826 * Median(residuals.Select(r => Math.Abs(r - median)).ToArray());
            if (!(spread > 1e-12)) break;
            var next = residuals.Select(r => Math.Min(1.0, 1.345 * spread / Math.Max(Math.Abs(r), 1e-300))).ToArray();
            var change = next.Select((w, i) => Math.Abs(w - weights[i])).Max();
            weights = next;
            fit = Fit(dense, penalized, active, oneHotLength, targets, weights);
            if (change < 1e-3) break;
        }
        return new OperatorRidge(fit.Lambda, [.. fit.Theta], [.. fit.Gamma], [.. fit.Beta], [.. fit.LooResiduals], fit.ResidualVariance, fit._inverse)
        {
            Weights = weights,
        };
    }

    /// <summary>
    /// This fit (made without penalized columns) as one over <paramref name="penalized"/> penalized dense columns
    /// and <paramref name="oneHotLength"/> one-hot columns whose coefficients are all zero.
    /// </summary>
    public OperatorRidge Padded(int penalized, int oneHotLength)
    {
        if (_penalized != 0 || Beta.Count != 0) throw new InvalidOperationException("only a fit of free columns alone can be padded");
        var size = _dense + penalized + oneHotLength;
        var inverse = new double[size * size];
        for (var a = 0; a < _dense; a++)
            for (var b = 0; b < _dense; b++) inverse[a * size + b] = _inverse[a * _dense + b];
        return new OperatorRidge(Lambda, [.. Theta], new double[penalized], new double[oneHotLength], [.. LooResiduals], ResidualVariance, inverse)
        {
            Weights = Weights,
        };
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    public double Predict(ReadOnlySpan<double> dense, ReadOnlySpan<double> penalized, IReadOnlyList<int> active)
    {
        var value = 0.0;
        for (var a = 0; a < _dense; a++) value += Theta[a] * dense[a];
        for (var c = 0; c < _penalized; c++) value += Gamma[c] * penalized[c];
        foreach (var k in active) value += Beta[k];
        return value;
    }

    /// <summary>Variance of a new measurement at the point: σ² (1 + xᵀ(XᵀX + Λ)⁻¹x).</summary>
    public double PredictiveVariance(ReadOnlySpan<double> dense, ReadOnlySpan<double> penalized, IReadOnlyList<int> active)
    {
        var size = _dense + _penalized + Beta.Count;
        var denseCount = _dense + _penalized;
        Span<double> x = stackalloc double[denseCount];
        dense[.._dense].CopyTo(x);
        penalized[.._penalized].CopyTo(x[_dense..]);
        var leverage = 0.0;
        for (var a = 0; a < denseCount; a++)
        {
            for (var b = 0; b < denseCount; b++) leverage += x[a] * x[b] * _inverse[a * size + b];
            foreach (var k in active) leverage += 2 * x[a] * _inverse[a * size + denseCount + k];
        }
        foreach (var k in active)
            foreach (var l in active) leverage += _inverse[(denseCount + k) * size + denseCount + l];
        return ResidualVariance * (1 + Math.Max(leverage, 0));
    }

    private static double[] PrimalInverse(
        IReadOnlyList<double[]> dense, IReadOnlyList<double[]> penalized, IReadOnlyList<int[]> active, double[] scale, int q, int s, int p, double lambda)
    {
        var d = q + s;
        var size = d + p;
        var matrix = new double[size * size];
        var x = new double[d];
        for (var i = 0; i < dense.Count; i++)
        {
            dense[i].CopyTo(x, 0);
            penalized[i].CopyTo(x, q);
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b < d; b++) matrix[a * size + b] += x[a] * x[b];
                foreach (var k in active[i])
                {
                    matrix[a * size + d + k] += x[a] * scale[i];
                    matrix[(d + k) * size + a] += x[a] * scale[i];
                }
            }
            foreach (var k in active[i])
                foreach (var l in active[i]) matrix[(d + k) * size + d + l] += scale[i] * scale[i];
        }
        for (var a = 0; a < q; a++) matrix[a * size + a] += FreeJitter * Math.Max(1, matrix[a * size + a]);
        for (var a = q; a < size; a++) matrix[a * size + a] += lambda;
        return CholeskyFactor.Of(matrix, size).Inverse();
    }

    private static double QuadraticForm(double[] x, double[] matrix, double[] y)
    {
        var q = x.Length;
        var sum = 0.0;
        for (var a = 0; a < q; a++)
            for (var b = 0; b < q; b++) sum += x[a] * matrix[a * q + b] * y[b];
        return sum;
    }

    private static double[] Multiply(double[] a, double[] b, int n)
    {
        var c = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < n; k++)
            {
                var aik = a[i * n + k];
                if (aik == 0) continue;
                for (var j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
            }
        return c;
    }

    private static double[] MultiplyVector(double[] a, double[] x, int n)
    {
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++) sum += a[i * n + j] * x[j];
            y[i] = sum;
        }
        return y;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Variance(double[] values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / Math.Max(values.Length - 1, 1);
    }
}

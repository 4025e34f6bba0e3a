using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Latency.Ridge;

/// <summary>
/// log cost = intercept + sum over decisions of a per-option effect, fitted by ridge-penalized least squares
/// (penalty 1e-3 per coefficient, intercept free). Used to fill in a known device's cost for architectures it
/// was not measured on.
/// </summary>
internal sealed class AdditiveLogModel
{
    private readonly ArchitectureFeaturizer _featurizer;
    private readonly double _intercept;
    private readonly double[] _effects;

    private AdditiveLogModel(ArchitectureFeaturizer featurizer, double intercept, double[] effects)
    {
        _featurizer = featurizer;
        _intercept = intercept;
        _effects = effects;
    }

    public static AdditiveLogModel Fit(ArchitectureFeaturizer featurizer, IReadOnlyList<Architecture> architectures, IReadOnlyList<double> logs)
    {
        var p = featurizer.OneHotLength;
        var mean = logs.Average();
        var gram = new double[p * p];
        var rhs = new double[p];
        for (var r = 0; r < architectures.Count; r++)
        {
            var active = featurizer.ActiveIndices(architectures[r]);
            var y = logs[r] - mean;
            foreach (var i in active)
            {
                rhs[i] += y;
                foreach (var j in active) gram[i * p + j] += 1;
            }
        }
        // Center the one-hot columns implicitly: subtract the outer product of column sums / n.
        var n = architectures.Count;
        var sums = new double[p];
        for (var i = 0; i < p; i++) sums[i] = gram[i * p + i];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++) gram[i * p + j] -= sums[i] * sums[j] / n;
            gram[i * p + i] += 1e-3 * Math.Max(n, 1);
        }
        var effects = CholeskyFactor.Of(gram, p).Solve(rhs);
        var intercept = mean;
        for (var i = 0; i < p; i++) intercept -= effects[i] * sums[i] / n;
        return new AdditiveLogModel(featurizer, intercept, effects);
    }

    /// <summary>The fitted intercept (for persistence).</summary>
    internal double Intercept => _intercept;

    /// <summary>The fitted per-option effects, one per one-hot entry (for persistence).</summary>
    internal IReadOnlyList<double> Effects => _effects;

    /// <summary>A model with given coefficients (as <see cref="Intercept"/> and <see cref="Effects"/> returned them).</summary>
    internal static AdditiveLogModel Restore(ArchitectureFeaturizer featurizer, double intercept, double[] effects)
    {
        if (effects.Length != featurizer.OneHotLength)
            throw new ArgumentException($"{effects.Length} effects; the featurizer has {featurizer.OneHotLength} one-hot entries", nameof(effects));
        return new AdditiveLogModel(featurizer, intercept, effects);
    }

    public double Predict(Architecture architecture)
    {
        var value = _intercept;
        foreach (var i in _featurizer.ActiveIndices(architecture)) value += _effects[i];
        return value;
    }
}

using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Evaluation.Ceiling;

/// <summary>
/// Ridge regression on 0/1 rows given as their non-zero columns (<see cref="ChoiceOneHot"/>): minimizes
/// Σ (y - x·β)² + penalty · Σ_{j≥1} β_j², the intercept (column 0) unpenalized, by the normal equations and a
/// Cholesky factor.
/// </summary>
public sealed class AdditiveRidge
{
    private readonly double[] _coefficients;

    private AdditiveRidge(double[] coefficients) => _coefficients = coefficients;

    /// <summary>β, intercept first.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    public static AdditiveRidge Fit(IReadOnlyList<int[]> rows, IReadOnlyList<double> targets, int parameterCount, double penalty)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(targets);
        if (rows.Count != targets.Count)
            throw new ArgumentException($"{rows.Count} rows for {targets.Count} targets", nameof(targets));
        if (!(penalty >= 0) || !double.IsFinite(penalty))
            throw new ArgumentOutOfRangeException(nameof(penalty), penalty, "penalty: a finite ridge penalty >= 0, e.g. 1e-3");
        var p = parameterCount;
        var gram = new double[p * p];
        var moment = new double[p];
        for (var r = 0; r < rows.Count; r++)
        {
            var columns = rows[r];
            var y = targets[r];
            foreach (var a in columns)
            {
                moment[a] += y;
                foreach (var b in columns) gram[a * p + b] += 1;
            }
        }
        for (var j = 1; j < p; j++) gram[j * p + j] += penalty;
        // A choice never seen in the rows has an all-zero column; with penalty 0 only the factor's jitter keeps it solvable.
        var factor = CholeskyFactor.Of(gram, p);
        return new AdditiveRidge(factor.Solve(moment));
    }

    public double Predict(int[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var sum = 0.0;
        foreach (var c in columns) sum += _coefficients[c];
        return sum;
    }
}

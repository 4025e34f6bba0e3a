namespace EdgeOpt.Learning.Numerics;

/// <summary>
/// Cholesky factor L (lower, row-major) of a symmetric positive definite matrix A = L Lᵀ. When A is only
/// semi-definite (or slightly indefinite from rounding), <see cref="Of"/> adds a growing jitter to the diagonal
/// until the factorization succeeds and reports the jitter used.
/// </summary>
internal sealed class CholeskyFactor
{
    private readonly double[] _lower;

    private CholeskyFactor(int size, double[] lower, double jitter)
    {
        Size = size;
        _lower = lower;
        Jitter = jitter;
    }

    public int Size { get; }

    /// <summary>L row-major (size × size, zeros above the diagonal); for persistence.</summary>
    internal ReadOnlySpan<double> Lower => _lower;

    /// <summary>A factor from a stored <see cref="Lower"/> and <see cref="Jitter"/>; the diagonal must be positive.</summary>
    internal static CholeskyFactor FromLower(int size, double[] lower, double jitter)
    {
        if (size < 0 || lower.Length != size * size)
            throw new ArgumentException($"a {size}x{size} factor needs {size * size} entries, not {lower.Length}", nameof(lower));
        for (var i = 0; i < size; i++)
            if (!(lower[i * size + i] > 0) || !double.IsFinite(lower[i * size + i]))
                throw new ArgumentException($"diagonal entry {i} is {lower[i * size + i]}; a Cholesky factor's diagonal is finite and > 0", nameof(lower));
        return new CholeskyFactor(size, (double[])lower.Clone(), jitter);
    }

    /// <summary>Diagonal jitter that was added to make the matrix positive definite (0 when none was needed).</summary>
    public double Jitter { get; }

    public double this[int row, int column] => column <= row ? _lower[row * Size + column] : 0.0;

    /// <summary>Factorizes a symmetric n×n matrix given row-major (only the lower triangle is read).</summary>
    public static CholeskyFactor Of(ReadOnlySpan<double> matrix, int size)
    {
        if (matrix.Length != size * size)
            throw new ArgumentException($"matrix has {matrix.Length} entries; {size}x{size} needs {size * size}", nameof(matrix));
        var meanDiagonal = 0.0;
        for (var i = 0; i < size; i++) meanDiagonal += Math.Abs(matrix[i * size + i]);
        meanDiagonal = size == 0 ? 1.0 : Math.Max(meanDiagonal / size, 1e-300);
        var jitter = 0.0;
        var lower = new double[size * size];
        for (var attempt = 0; attempt < 12; attempt++)
        {
            if (TryFactor(matrix, size, jitter, lower)) return new CholeskyFactor(size, lower, jitter);
            jitter = jitter == 0 ? 1e-12 * meanDiagonal : jitter * 10;
        }
        throw new InvalidOperationException(
            $"the {size}x{size} matrix is not positive definite even with a diagonal jitter of {jitter / 10:g3}");
    }

    private static bool TryFactor(ReadOnlySpan<double> a, int n, double jitter, double[] l)
    {
        Array.Clear(l);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i * n + j];
                if (i == j) sum += jitter;
                for (var k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                if (i == j)
                {
                    if (!(sum > 0) || !double.IsFinite(sum)) return false;
                    l[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        return true;
    }

    /// <summary>Solves L x = b in place (forward substitution).</summary>
    public void SolveLowerInPlace(Span<double> b)
    {
        var n = Size;
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            var row = _lower.AsSpan(i * n, i);
            for (var k = 0; k < i; k++) sum -= row[k] * b[k];
            b[i] = sum / _lower[i * n + i];
        }
    }

    /// <summary>Solves Lᵀ x = b in place (back substitution).</summary>
    public void SolveUpperInPlace(Span<double> b)
    {
        var n = Size;
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var k = i + 1; k < n; k++) sum -= _lower[k * n + i] * b[k];
            b[i] = sum / _lower[i * n + i];
        }
    }

    /// <summary>Solves A x = b and returns x.</summary>
    public double[] Solve(ReadOnlySpan<double> b)
    {
        var x = b.ToArray();
        SolveLowerInPlace(x);
        SolveUpperInPlace(x);
        return x;
    }

    /// <summary>log det A (of the jittered matrix).</summary>
    public double LogDeterminant()
    {
        var sum = 0.0;
        for (var i = 0; i < Size; i++) sum += Math.Log(_lower[i * Size + i]);
        return 2 * sum;
    }

    /// <summary>The inverse A⁻¹, row-major.</summary>
    public double[] Inverse()
    {
        var n = Size;
        var inverse = new double[n * n];
        var column = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            SolveLowerInPlace(column);
            SolveUpperInPlace(column);
            for (var i = 0; i < n; i++) inverse[i * n + j] = column[i];
        }
        return inverse;
    }
}

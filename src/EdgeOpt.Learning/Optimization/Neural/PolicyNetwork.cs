using System.Numerics;

namespace EdgeOpt.Learning.Optimization.Neural;

/// <summary>
/// The trained policy, evaluated in plain C# (no native call per decision): input → SiLU(W₁x + b₁) → SiLU(W₂h + b₂)
/// → W₃h + b₃ = logits. Weights are row-major [out][in] as TorchSharp stores them. Immutable and thread-safe.
/// </summary>
public sealed class PolicyNetwork
{
    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly int[] _sizes;

    /// <param name="sizes">Layer widths: input, hidden..., output.</param>
    public PolicyNetwork(int[] sizes, float[][] weights, float[][] biases)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Length < 2 || weights.Length != sizes.Length - 1 || biases.Length != sizes.Length - 1)
            throw new ArgumentException($"{sizes.Length} layer sizes need {sizes.Length - 1} weight matrices and bias vectors");
        for (var l = 0; l < weights.Length; l++)
        {
            if (weights[l].Length != sizes[l + 1] * sizes[l] || biases[l].Length != sizes[l + 1])
                throw new ArgumentException($"layer {l}: expected a {sizes[l + 1]}x{sizes[l]} matrix and {sizes[l + 1]} biases");
        }
        _sizes = sizes;
        _weights = weights;
        _biases = biases;
    }

    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>Copies of the weights and biases, layer by layer.</summary>
    public (float[][] Weights, float[][] Biases) Parameters() =>
        (_weights.Select(w => (float[])w.Clone()).ToArray(), _biases.Select(b => (float[])b.Clone()).ToArray());

    public float[] Forward(ReadOnlySpan<float> input)
    {
        if (input.Length != _sizes[0]) throw new ArgumentException($"input has {input.Length} values; the network takes {_sizes[0]}");
        var current = input.ToArray();
        for (var l = 0; l < _weights.Length; l++)
        {
            var rows = _sizes[l + 1];
            var columns = _sizes[l];
            var next = new float[rows];
            for (var r = 0; r < rows; r++) next[r] = _biases[l][r] + Dot(_weights[l].AsSpan(r * columns, columns), current);
            if (l < _weights.Length - 1)
                for (var r = 0; r < rows; r++) next[r] = next[r] / (1f + MathF.Exp(-next[r]));
            current = next;
        }
        return current;
    }

    /// <summary>
    /// Several inputs at once, layer by layer (each weight row is read once for all inputs while it is in cache); every
    /// output is computed exactly as <see cref="Forward(ReadOnlySpan{float})"/> computes it.
    /// </summary>
    public float[][] Forward(IReadOnlyList<float[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        for (var i = 0; i < inputs.Count; i++)
            if (inputs[i].Length != _sizes[0]) throw new ArgumentException($"input {i} has {inputs[i].Length} values; the network takes {_sizes[0]}");
        var current = inputs.ToArray();
        for (var l = 0; l < _weights.Length; l++)
        {
            var rows = _sizes[l + 1];
            var columns = _sizes[l];
            var next = new float[current.Length][];
            for (var n = 0; n < next.Length; n++) next[n] = new float[rows];
            for (var r = 0; r < rows; r++)
            {
                var row = _weights[l].AsSpan(r * columns, columns);
                for (var n = 0; n < next.Length; n++) next[n][r] = _biases[l][r] + Dot(row, current[n]);
            }
            if (l < _weights.Length - 1)
                foreach (var values in next)
                    for (var r = 0; r < rows; r++) values[r] = values[r] / (1f + MathF.Exp(-values[r]));
            current = next;
        }
        return current;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        var width = Vector<float>.Count;
        for (; i <= a.Length - width; i += width) sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}

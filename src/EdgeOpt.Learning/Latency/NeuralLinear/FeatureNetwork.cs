using System.Numerics;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// The trained architecture embedding φ(a), evaluated in plain C#: input (one-hot choices, optional standardized
/// graph features) → SiLU(W₁x + b₁) → SiLU(W₂h + b₂) → W₃h + b₃. The first layer adds the rows of the active
/// one-hot entries instead of multiplying a mostly-zero vector. Immutable and thread-safe.
/// </summary>
internal sealed class FeatureNetwork
{
    private readonly ArchitectureFeaturizer _featurizer;
    private readonly float[] _inputRows;   // [input][hidden1]: row i = weights from input i
    private readonly float[] _bias1;
    private readonly float[] _weights2;    // [hidden2][hidden1]
    private readonly float[] _bias2;
    private readonly float[] _weights3;    // [embedding][hidden2]
    private readonly float[] _bias3;
    private readonly double[] _denseMean;
    private readonly double[] _denseScale;

    public FeatureNetwork(ArchitectureFeaturizer featurizer, int hidden, int embedding,
        float[] inputRows, float[] bias1, float[] weights2, float[] bias2, float[] weights3, float[] bias3,
        double[] denseMean, double[] denseScale)
    {
        _featurizer = featurizer;
        Hidden = hidden;
        EmbeddingSize = embedding;
        _inputRows = Check(inputRows, featurizer.Length * hidden, nameof(inputRows));
        _bias1 = Check(bias1, hidden, nameof(bias1));
        _weights2 = Check(weights2, hidden * hidden, nameof(weights2));
        _bias2 = Check(bias2, hidden, nameof(bias2));
        _weights3 = Check(weights3, embedding * hidden, nameof(weights3));
        _bias3 = Check(bias3, embedding, nameof(bias3));
        _denseMean = Check(denseMean, featurizer.DenseLength, nameof(denseMean));
        _denseScale = Check(denseScale, featurizer.DenseLength, nameof(denseScale));
    }

    public ArchitectureFeaturizer Featurizer => _featurizer;

    public int Hidden { get; }

    public int EmbeddingSize { get; }

    /// <summary>The weights and input standardization, as the constructor takes them; for persistence.</summary>
    internal (float[] InputRows, float[] Bias1, float[] Weights2, float[] Bias2, float[] Weights3, float[] Bias3,
        double[] DenseMean, double[] DenseScale) Parameters =>
        (_inputRows, _bias1, _weights2, _bias2, _weights3, _bias3, _denseMean, _denseScale);

    /// <summary>The standardized network input (what the trainer feeds the network).</summary>
    public float[] Input(Architecture architecture)
    {
        var x = new float[_featurizer.Length];
        foreach (var i in _featurizer.ActiveIndices(architecture)) x[i] = 1f;
        var dense = _featurizer.Dense(architecture);
        for (var j = 0; j < dense.Length; j++)
            x[_featurizer.OneHotLength + j] = (float)((dense[j] - _denseMean[j]) / _denseScale[j]);
        return x;
    }

    /// <summary>φ(a).</summary>
    public double[] Embed(Architecture architecture)
    {
        var h = Hidden;
        var h1 = (float[])_bias1.Clone();
        foreach (var i in _featurizer.ActiveIndices(architecture)) AddTo(h1, _inputRows.AsSpan(i * h, h), 1f);
        var dense = _featurizer.Dense(architecture);
        for (var j = 0; j < dense.Length; j++)
        {
            var value = (float)((dense[j] - _denseMean[j]) / _denseScale[j]);
            AddTo(h1, _inputRows.AsSpan((_featurizer.OneHotLength + j) * h, h), value);
        }
        Silu(h1);
        var h2 = new float[h];
        for (var k = 0; k < h; k++) h2[k] = _bias2[k] + Dot(_weights2.AsSpan(k * h, h), h1);
        Silu(h2);
        var phi = new double[EmbeddingSize];
        for (var k = 0; k < phi.Length; k++) phi[k] = _bias3[k] + Dot(_weights3.AsSpan(k * h, h), h2);
        return phi;
    }

    private static void AddTo(Span<float> target, ReadOnlySpan<float> source, float scale)
    {
        for (var i = 0; i < target.Length; i++) target[i] += scale * source[i];
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

    private static void Silu(Span<float> values)
    {
        for (var i = 0; i < values.Length; i++) values[i] = values[i] / (1f + MathF.Exp(-values[i]));
    }

    private static T[] Check<T>(T[] values, int length, string name) =>
        values.Length == length ? values : throw new ArgumentException($"{name} has {values.Length} entries, expected {length}", name);
}

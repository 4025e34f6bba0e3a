namespace EdgeOpt.Core.Onnx;

/// <summary>
/// SplitMix64 stream: the same numbers for the same (seed, stream) on every platform and runtime version,
/// so a seed names one set of weights for good.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _state;
    private double? _spareGaussian;

    public SeededRandom(int seed, int stream)
    {
        _state = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)stream << 32 | 0x5851F42DUL));
        NextULong();
    }

    public ulong NextULong()
    {
        var z = unchecked(_state += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }
        double u1;
        do u1 = NextDouble(); while (u1 <= double.Epsilon);
        var u2 = NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    public float[] Gaussian(long count, double std)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++) values[i] = (float)(NextGaussian() * std);
        return values;
    }
}

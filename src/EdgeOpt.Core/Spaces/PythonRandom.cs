using System.Numerics;

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// The Mersenne Twister (MT19937) exactly as CPython 3's <c>random</c> module drives it, for the few
/// operations needed to reproduce published Python orderings (NAS-Bench-201's index order:
/// <c>random.seed(88); random.shuffle(list)</c>). Not thread-safe; not for cryptography.
/// </summary>
public sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _state = new uint[N];
    private int _next = N + 1;

    /// <summary>Seeds like CPython's <c>random.seed(int)</c>: the absolute value's 32-bit words, least significant first, are the key of <c>init_by_array</c>.</summary>
    public PythonRandom(BigInteger seed)
    {
        InitByArray(KeyOf(seed));
    }

    /// <summary>The next raw 32-bit output (<c>genrand_uint32</c>).</summary>
    public uint NextUInt32()
    {
        if (_next >= N) Twist();
        uint y = _state[_next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>CPython's <c>getrandbits(k)</c> for 0 &lt;= k &lt;= 32: the top k bits of one output.</summary>
    public uint GetRandBits(int k)
    {
        if (k is < 0 or > 32) throw new ArgumentOutOfRangeException(nameof(k), k, "allowed: 0..32 bits");
        return k == 0 ? 0 : NextUInt32() >> (32 - k);
    }

    /// <summary>CPython's <c>_randbelow(n)</c> by rejection: k = bit length of n, draw k bits until below n.</summary>
    public int RandBelow(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        int k = 32 - BitOperations.LeadingZeroCount((uint)n);
        uint r = GetRandBits(k);
        while (r >= (uint)n) r = GetRandBits(k);
        return (int)r;
    }

    /// <summary>CPython's <c>shuffle(x)</c>: for i from n-1 down to 1, swap x[i] with x[_randbelow(i+1)].</summary>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = RandBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static uint[] KeyOf(BigInteger seed)
    {
        var magnitude = BigInteger.Abs(seed);
        if (magnitude.IsZero) return [0U];
        byte[] bytes = magnitude.ToByteArray(isUnsigned: true, isBigEndian: false);
        var key = new uint[(bytes.Length + 3) / 4];
        for (int i = 0; i < bytes.Length; i++) key[i / 4] |= (uint)bytes[i] << (8 * (i % 4));
        return key;
    }

    private void InitGenrand(uint s)
    {
        _state[0] = s;
        for (int i = 1; i < N; i++)
            _state[i] = unchecked(1812433253U * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i);
        _next = N;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218U);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            _state[i] = unchecked((_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525U)) + key[j] + (uint)j);
            i++; j++;
            if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
            if (j >= key.Length) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _state[i] = unchecked((_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941U)) - (uint)i);
            i++;
            if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
        }
        _state[0] = 0x80000000U;
        _next = N;
    }

    private void Twist()
    {
        for (int kk = 0; kk < N; kk++)
        {
            uint y = (_state[kk] & UpperMask) | (_state[(kk + 1) % N] & LowerMask);
            _state[kk] = _state[(kk + M) % N] ^ (y >> 1) ^ ((y & 1U) != 0 ? MatrixA : 0U);
        }
        _next = 0;
    }
}

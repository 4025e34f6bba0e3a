using System.Numerics;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Spaces;

/// <summary>
/// Expected values are external references: the MT19937 authors' published output (mt19937ar.out,
/// init_by_array {0x123, 0x234, 0x345, 0x456}) and CPython 3.11's <c>random</c> module.
/// </summary>
public class PythonRandomTests
{
    [Fact]
    public void KeyOfFourWords_ReproducesTheReferenceImplementationsPublishedOutput()
    {
        var seed = (new BigInteger(0x456) << 96) | (new BigInteger(0x345) << 64) | (new BigInteger(0x234) << 32) | 0x123;
        var random = new PythonRandom(seed);

        uint[] outputs = [.. Enumerable.Range(0, 5).Select(_ => random.NextUInt32())];

        Assert.Equal([1067595299u, 955945823u, 477289528u, 4107218783u, 4228976476u], outputs);
    }

    [Fact]
    public void Seed88_GetRandBits32_MatchesCPython()
    {
        var random = new PythonRandom(88);

        Assert.Equal([1707201716u, 4182107318u, 813946014u], [random.GetRandBits(32), random.GetRandBits(32), random.GetRandBits(32)]);
    }

    [Fact]
    public void GetRandBits_FewerThan32_TakesTheTopBitsOfOneOutput()
    {
        // CPython: random.seed(0); getrandbits(32) -> 3626764237; then getrandbits(7) -> 49
        var random = new PythonRandom(0);

        Assert.Equal(3626764237u, random.GetRandBits(32));
        Assert.Equal(49u, random.GetRandBits(7));
    }

    [Fact]
    public void SeedWiderThan32Bits_UsesEveryWordAsKey()
    {
        // CPython: random.seed(2**40 + 3); getrandbits(32) -> 943978446
        var random = new PythonRandom((BigInteger.One << 40) + 3);

        Assert.Equal(943978446u, random.GetRandBits(32));
    }

    [Fact]
    public void NegativeSeed_ActsLikeItsAbsoluteValue()
    {
        var negative = new PythonRandom(-5);
        var positive = new PythonRandom(5);

        Assert.Equal(positive.NextUInt32(), negative.NextUInt32());
        Assert.Equal(2675342405u, new PythonRandom(-5).GetRandBits(32)); // CPython: random.seed(-5)
    }

    [Fact]
    public void Shuffle_Seed88_MatchesCPython()
    {
        var items = Enumerable.Range(0, 10).ToArray();

        new PythonRandom(88).Shuffle(items);

        Assert.Equal([8, 2, 9, 4, 0, 7, 1, 5, 3, 6], items);
    }

    [Fact]
    public void RandBelow_StaysBelowTheBound()
    {
        var random = new PythonRandom(7);
        for (int n = 1; n < 200; n++)
        {
            int r = random.RandBelow(n);
            Assert.InRange(r, 0, n - 1);
        }
    }

    [Fact]
    public void InvalidArguments_AreRejectedWithTheAllowedRange()
    {
        var random = new PythonRandom(1);

        var bits = Assert.Throws<ArgumentOutOfRangeException>(() => random.GetRandBits(33));
        Assert.Contains("0..32", bits.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.RandBelow(0));
    }
}

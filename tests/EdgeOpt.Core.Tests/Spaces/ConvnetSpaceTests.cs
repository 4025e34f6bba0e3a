using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Spaces;

public class ConvnetSpaceTests
{
    private readonly ConvnetSpace _space = SearchSpaces.Convnet;

    [Theory]
    [InlineData("convnet_L2_F512_K3x3_W70", ConvnetVariant.Plain, 2, 512, 3, null, 70)]
    [InlineData("convnet_L5_F64_K3x3_W100_DWS", ConvnetVariant.DepthwiseSeparable, 5, 64, 3, null, 100)]
    [InlineData("convnet_L5_F128_K3x3_3_K5x5_2_W100", ConvnetVariant.MixedKernel, 5, 128, 3, 5, 100)]
    [InlineData("convnet_L10_F1024_K2x2_W10", ConvnetVariant.Plain, 10, 1024, 2, null, 10)]
    [InlineData("convnet_L1_F64_K1x1_W100", ConvnetVariant.Plain, 1, 64, 1, null, 100)]
    [InlineData("convnet_L20_F320_K1x1_10_K3x3_10_W15", ConvnetVariant.MixedKernel, 20, 320, 1, 3, 15)]
    [InlineData("convnet_L2_F128_K1x1_1_K7x7_1_W40", ConvnetVariant.MixedKernel, 2, 128, 1, 7, 40)]
    public void Parse_DatasetNames_ReadTheirFields_AndFormatRoundTrips(
        string name, ConvnetVariant variant, int layers, int filters, int kernel, int? second, int width)
    {
        var architecture = _space.Parse(name);
        var config = _space.Config(architecture);

        Assert.Equal(new ConvnetConfig(variant, layers, filters, kernel, second, width), config);
        Assert.Equal(name, _space.Format(architecture));
        Assert.Equal(name, config.ToString());
        Assert.Equal(architecture, _space.FromConfig(config));
    }

    [Fact]
    public void Parse_MixedCounts_FollowTheGeneratorsAlternation()
    {
        var config = _space.Config(_space.Parse("convnet_L5_F128_K3x3_3_K5x5_2_W100"));

        Assert.Equal(3, config.FirstKernelLayers);
        Assert.Equal(2, config.SecondKernelLayers);
        Assert.Equal([3, 5, 3, 5, 3], Enumerable.Range(0, 5).Select(config.KernelAt));
    }

    [Fact]
    public void Parse_MixedCountsSwapped_IsRejectedExplainingTheAlternation()
    {
        // n1 layers of k1 then n2 of k2 with n1 < n2 is not what the dataset's generator builds: it alternates k1, k2, k1...
        var error = Assert.Throws<FormatException>(() => _space.Parse("convnet_L5_F128_K3x3_2_K5x5_3_W100")).Message;

        Assert.Contains("field 5 '2' at offset 21", error);
        Assert.Contains("field 7 '3' at offset 28", error);
        Assert.Contains("alternates", error);
        Assert.Contains("3 layer(s) of K3x3 and 2 of K5x5", error);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("resnet_L2_F512_K3x3_W70", "field 1 'resnet' at offset 0 should be 'convnet'")]
    [InlineData("convnet_L2_F100_K3x3_W70", "field 3 'F100' at offset 11: filters 100 is not allowed; allowed: F64, F96, F128")]
    [InlineData("convnet_L2_F512_K3x5_W70", "field 4 'K3x5' at offset 16: the kernel 3x5 is not square")]
    [InlineData("convnet_L2_F512_K8x8_W70", "kernel 8x8 is not allowed here; allowed: K1x1, K2x2, K3x3")]
    [InlineData("convnet_L2_F512_K3x3_W12", "field 5 'W12' at offset 21: input width 12 is not allowed; allowed: W10, W15, W20")]
    [InlineData("convnet_L05_F512_K3x3_W70", "field 2 'L05' at offset 8: the layers after 'L' is not a whole number")]
    [InlineData("convnet_L21_F512_K3x3_W70", "layers 21 is not allowed; allowed: L1, L2")]
    [InlineData("convnet_L11_F512_K3x3_W70", "layers L11 is not allowed for the plain variant; allowed: L1..L10")]
    [InlineData("convnet_L6_F512_K7x7_W70", "kernel K7x7 is not allowed for the plain variant; allowed: K1x1, K2x2, K3x3, K4x4, K5x5")]
    [InlineData("convnet_L3_F512_K3x3_W70_DWS", "layers L3 is not allowed for the depthwise-separable variant; allowed: L5..L10")]
    [InlineData("convnet_L5_F512_K1x1_W70_DWS", "kernel K1x1 is not allowed for the depthwise-separable variant; allowed: K2x2, K3x3, K4x4, K5x5")]
    [InlineData("convnet_L5_F512_K3x3_W70_dws", "field 6 'dws' at offset 25 should be 'DWS'")]
    [InlineData("convnet_L2_F512_K3x3_W70_DWS_X", "after the width only '_DWS' may follow")]
    [InlineData("convnet_L4_F128_K5x5_2_K3x3_2_W50", "second kernel K3x3 is not allowed after K5x5; the second kernel is larger than the first")]
    [InlineData("convnet_L4_F128_K3x3_2_K3x3_2_W50", "second kernel K3x3 is not allowed after K3x3")]
    [InlineData("convnet_L4_F128_K3x3_2_K5x5_3_W50", "the kernel layer counts 2 + 3 do not add up to L4")]
    [InlineData("convnet_L4_F128_K3x3_2_K5x5_2_W50_DWS", "field 9 'DWS' at offset 34: the mixed-kernel variant has no depthwise-separable form")]
    [InlineData("convnet_L4_F128_K3x3_2_K5x5_W50", "starts a mixed-kernel name, which has 8 fields; found 7")]
    [InlineData("convnet_L20_F64_K1x1_10_K7x7_10_W10", "the kernels shrink the map to nothing")]
    public void Parse_BadName_NamesTheFieldAndTheAllowedValues(string name, string expected)
    {
        var error = Assert.Throws<FormatException>(() => _space.Parse(name)).Message;

        Assert.Contains(expected, error);
        Assert.False(_space.TryParse(name, out var architecture, out var message));
        Assert.Null(architecture);
        Assert.Equal(error, message);
    }

    [Fact]
    public void Parse_SurroundingWhitespace_IsTolerated()
    {
        Assert.Equal(_space.Parse("convnet_L2_F512_K3x3_W70"), _space.Parse("  convnet_L2_F512_K3x3_W70\n"));
    }

    [Fact]
    public void Describe_SixDecisionsOverValueGrids_OneQuantizationSlot()
    {
        Assert.Equal("convnet", _space.Id);
        Assert.Equal(6, _space.DecisionCount);
        Assert.Equal(1, _space.PrecisionSlots);
        Assert.Equal(["standard", "dws"], _space.OptionsAt(0));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString()), _space.OptionsAt(1));
        Assert.Equal(Enumerable.Range(2, 31).Select(i => (32 * i).ToString()), _space.OptionsAt(2));
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], _space.OptionsAt(3));
        Assert.Equal(["none", "2", "3", "4", "5", "6", "7"], _space.OptionsAt(4));
        Assert.Equal(Enumerable.Range(2, 19).Select(i => (5 * i).ToString()), _space.OptionsAt(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => _space.OptionsAt(6));
        Assert.Equal("int8", QuantizationPolicy.Parse("int8", _space.PrecisionSlots).ToString());
    }

    [Fact]
    public void Enumerate_MembersAreDistinct_RoundTrip_AndCountAsSize()
    {
        var all = _space.Enumerate().ToArray();
        var names = all.Select(_space.Format).ToArray();

        Assert.Equal(_space.Size, all.Length);
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(all.Where((_, i) => i % 97 == 0), a => Assert.Equal(a, _space.Parse(_space.Format(a))));
    }

    [Fact]
    public void Enumerate_PerVariant_MatchesTheGridRanges()
    {
        var byVariant = _space.Enumerate().GroupBy(a => _space.Config(a).Variant).ToDictionary(g => g.Key, g => g.Count());

        // plain: L 1..10, F 31 values, K 1..5, W 19 values; dws: L 5..10, K 2..5.
        Assert.Equal(10 * 31 * 5 * 19, byVariant[ConvnetVariant.Plain]);
        Assert.Equal(6 * 31 * 4 * 19, byVariant[ConvnetVariant.DepthwiseSeparable]);
        Assert.Equal(31 * CountMixedShapes(), byVariant[ConvnetVariant.MixedKernel]);
    }

    /// <summary>
    /// Mixed (L, k1, k2, W) combinations whose maps never vanish, counted here independently of the library: layers
    /// alternate k1, k2; padding 2 until the first odd kernel, then 1.
    /// </summary>
    private static int CountMixedShapes()
    {
        var count = 0;
        for (var layers = 2; layers <= 20; layers++)
            for (var k1 = 1; k1 <= 6; k1++)
                for (var k2 = k1 + 1; k2 <= 7; k2++)
                    for (var width = 10; width <= 100; width += 5)
                    {
                        int side = width, padding = 2;
                        var alive = true;
                        for (var i = 0; i < layers && alive; i++)
                        {
                            var k = i % 2 == 0 ? k1 : k2;
                            if (k % 2 == 1) padding = 1;
                            side += 2 * padding - k + 1;
                            alive = side >= 1;
                        }
                        if (alive) count++;
                    }
        return count;
    }

    [Fact]
    public void Sample_SameSeed_SameMembers_CoveringEveryVariantInProportion()
    {
        var a = Enumerable.Range(0, 200).Select(_ => 0).Select(_ => _space.Sample(new Random(9))).ToArray();
        Assert.All(a, x => Assert.Equal(a[0], x));

        var random = new Random(42);
        var draws = Enumerable.Range(0, 20_000).Select(_ => _space.Sample(random)).ToArray();
        var members = _space.Enumerate().GroupBy(x => _space.Config(x).Variant).ToDictionary(g => g.Key, g => g.Count());
        var total = members.Values.Sum();
        foreach (var (variant, count) in members)
        {
            var expected = 20_000.0 * count / total;
            var observed = draws.Count(d => _space.Config(d).Variant == variant);
            Assert.InRange(observed, expected - 5 * Math.Sqrt(expected), expected + 5 * Math.Sqrt(expected));
        }
    }

    [Fact]
    public void Mutate_ChangesExactlyOneDecision_ToAMember_AndCanChangeTheVariant()
    {
        var random = new Random(3);
        var seen = new HashSet<(ConvnetVariant, ConvnetVariant)>();
        for (var i = 0; i < 2_000; i++)
        {
            var parent = _space.Sample(random);
            var child = _space.Mutate(parent, random);

            Assert.Equal(1, parent.Choices.Zip(child.Choices).Count(p => p.First != p.Second));
            Assert.Equal(child, _space.Parse(_space.Format(child)));
            seen.Add((_space.Config(parent).Variant, _space.Config(child).Variant));
        }
        Assert.Contains((ConvnetVariant.Plain, ConvnetVariant.MixedKernel), seen);
        Assert.Contains((ConvnetVariant.MixedKernel, ConvnetVariant.Plain), seen);
        Assert.Contains((ConvnetVariant.Plain, ConvnetVariant.DepthwiseSeparable), seen);
        Assert.Contains((ConvnetVariant.DepthwiseSeparable, ConvnetVariant.Plain), seen);
    }

    [Fact]
    public void Mutate_NotAMember_NamesTheProblem()
    {
        var dwsWithSecondKernel = new Architecture("convnet", [1, 4, 0, 2, 3, 0]);

        var error = Assert.Throws<ArgumentException>(() => _space.Mutate(dwsWithSecondKernel, new Random(1))).Message;

        Assert.Contains("second kernel must be 'none'", error);
    }

    [Fact]
    public void Encode_OneHotChoices_ThenValues_ThenGraphFeatures()
    {
        var architecture = _space.Parse("convnet_L5_F128_K3x3_3_K5x5_2_W100");
        var encoded = _space.Encode(architecture);
        var names = _space.FeatureNames;
        var oneHot = _space.OptionsAt(0).Count + 20 + 31 + 7 + 7 + 19;

        Assert.Equal(names.Count, encoded.Length);
        Assert.Equal(6, encoded.Take(oneHot).Count(v => v == 1.0));
        Assert.Equal(6, encoded.Take(oneHot).Sum());
        Assert.Equal(1.0, encoded[IndexOf(names, "filters:128")]);
        Assert.Equal(1.0, encoded[IndexOf(names, "second_kernel:5")]);
        Assert.Equal([5.0, 128, 3, 5, 100, 3, 2], encoded[oneHot..(oneHot + 7)]);
        var stats = GraphFeatures.Of(architecture);
        Assert.Equal(Math.Log(1 + stats.MultiplyAdds), encoded[IndexOf(names, "log_multiply_adds")], 12);
        Assert.Equal(3, encoded[IndexOf(names, "count_conv3x3")]);
        Assert.Equal(2, encoded[IndexOf(names, "count_conv5x5")]);
    }

    [Fact]
    public void FromConfig_NotAMember_SaysWhy()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            _space.FromConfig(new ConvnetConfig(ConvnetVariant.DepthwiseSeparable, 5, 128, 3, 5, 50))).Message;

        Assert.Contains("one kernel", error);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++) if (names[i] == name) return i;
        throw new ArgumentException($"no feature '{name}'");
    }
}

using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Spaces;

/// <summary>Behaviour both spaces share: uniform sampling, one-step mutation, one-hot encoding.</summary>
public class SampleMutateEncodeTests
{
    public static TheoryData<string> SpaceIds => ["nb201", "fbnet"];

    [Theory]
    [MemberData(nameof(SpaceIds))]
    public void Sample_SameSeed_SameSequence(string id)
    {
        var space = SearchSpaces.Get(id);
        var first = new Random(1234);
        var second = new Random(1234);

        var a = Enumerable.Range(0, 50).Select(_ => space.Sample(first)).ToList();
        var b = Enumerable.Range(0, 50).Select(_ => space.Sample(second)).ToList();

        Assert.Equal(a, b);
        Assert.True(a.Distinct().Count() > 40, "fifty samples should be mostly distinct");
    }

    [Theory]
    [MemberData(nameof(SpaceIds))]
    public void Sample_DifferentSeeds_DifferentSequences(string id)
    {
        var space = SearchSpaces.Get(id);

        var fromOne = new Random(1);
        var fromTwo = new Random(2);

        Assert.NotEqual(
            Enumerable.Range(0, 20).Select(_ => space.Format(space.Sample(fromOne))),
            Enumerable.Range(0, 20).Select(_ => space.Format(space.Sample(fromTwo))));
        Assert.Equal(id, space.Sample(fromOne).SpaceId);
    }

    [Theory]
    [MemberData(nameof(SpaceIds))]
    public void Sample_IsRoughlyUniformOverEveryDecisionsOptions(string id)
    {
        var space = SearchSpaces.Get(id);
        var random = new Random(7);
        int options = space.OptionsAt(0).Count;
        int draws = 2_000 * options;
        var counts = new int[space.DecisionCount, options];

        for (int n = 0; n < draws; n++)
        {
            var architecture = space.Sample(random);
            space.Format(architecture); // a valid member
            for (int d = 0; d < space.DecisionCount; d++) counts[d, architecture.Choices[d]]++;
        }

        for (int d = 0; d < space.DecisionCount; d++)
            for (int o = 0; o < options; o++)
                Assert.InRange(counts[d, o], 1_800, 2_200); // expected 2,000; sd about 42
    }

    [Theory]
    [MemberData(nameof(SpaceIds))]
    public void Mutate_ChangesExactlyOneDecisionToAnotherValidOption(string id)
    {
        var space = SearchSpaces.Get(id);
        var random = new Random(99);
        var changedDecisions = new HashSet<int>();
        var reachedOptions = new HashSet<int>();

        for (int n = 0; n < 2_000; n++)
        {
            var parent = space.Sample(random);
            var child = space.Mutate(parent, random);

            var changed = Enumerable.Range(0, space.DecisionCount).Where(d => parent.Choices[d] != child.Choices[d]).ToList();
            Assert.Single(changed);
            Assert.Equal(parent, space.Parse(space.Format(parent))); // parent untouched
            Assert.Equal(child, space.Parse(space.Format(child)));
            changedDecisions.Add(changed[0]);
            reachedOptions.Add(child.Choices[changed[0]]);
        }

        Assert.Equal(space.DecisionCount, changedDecisions.Count);
        Assert.Equal(space.OptionsAt(0).Count, reachedOptions.Count);
    }

    [Theory]
    [MemberData(nameof(SpaceIds))]
    public void Mutate_SameSeed_SameChild(string id)
    {
        var space = SearchSpaces.Get(id);
        var parent = space.Sample(new Random(5));

        Assert.Equal(space.Mutate(parent, new Random(6)), space.Mutate(parent, new Random(6)));
    }

    [Theory]
    [MemberData(nameof(SpaceIds))]
    public void Mutate_ForeignArchitecture_IsRejected(string id)
    {
        var space = SearchSpaces.Get(id);
        var foreign = new Architecture(id == "nb201" ? "fbnet" : "nb201", new int[space.DecisionCount]);

        Assert.Throws<ArgumentException>(() => space.Mutate(foreign, new Random(1)));
    }

    [Fact]
    public void EncodeChoices_Nb201_IsEdgeMajorOneHot()
    {
        var space = SearchSpaces.Nb201;
        var architecture = space.Parse("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|");

        var vector = space.EncodeChoices(architecture);

        Assert.Equal(30, vector.Length);
        int[] hot = [0 * 5 + 3, 1 * 5 + 0, 2 * 5 + 1, 3 * 5 + 4, 4 * 5 + 2, 5 * 5 + 3];
        for (int i = 0; i < vector.Length; i++) Assert.Equal(hot.Contains(i) ? 1.0 : 0.0, vector[i]);
        Assert.Equal("edge1<-0:nor_conv_3x3", space.FeatureNames[hot[0]]);
        Assert.Equal("edge3<-2:nor_conv_3x3", space.FeatureNames[hot[5]]);
    }

    [Fact]
    public void EncodeChoices_Fbnet_IsLayerMajorOneHot()
    {
        var space = SearchSpaces.Fbnet;
        var random = new Random(3);

        for (int n = 0; n < 100; n++)
        {
            var architecture = space.Sample(random);
            var vector = space.EncodeChoices(architecture);

            Assert.Equal(22 * 9, vector.Length);
            for (int layer = 0; layer < 22; layer++)
                for (int block = 0; block < 9; block++)
                    Assert.Equal(architecture.Choices[layer] == block ? 1.0 : 0.0, vector[layer * 9 + block]);
        }
        Assert.Equal("layer01:k3_e1", space.FeatureNames[0]);
        Assert.Equal("layer22:skip", space.FeatureNames[22 * 9 - 1]);
    }

    [Theory]
    [MemberData(nameof(SpaceIds))]
    public void FeatureNames_AreOneHotThenSizesThenOpCounts(string id)
    {
        var space = SearchSpaces.Get(id);
        var opKinds = id == "nb201" ? Nb201Space.OpKinds : FbnetSpace.OpKinds;
        int oneHot = space.DecisionCount * space.OptionsAt(0).Count;

        Assert.Equal(oneHot + 3 + opKinds.Count, space.FeatureNames.Count);
        Assert.Equal(["log_multiply_adds", "log_parameters", "log_activation_bytes"], space.FeatureNames.Skip(oneHot).Take(3));
        Assert.Equal(opKinds.Select(k => "count_" + k), space.FeatureNames.Skip(oneHot + 3));
        Assert.Equal(space.FeatureNames.Count, space.FeatureNames.Distinct().Count());
    }

    [Fact]
    public void EncodeGraph_LogsSizesAndCountsOpsInKeyOrder_MissingKindsZero()
    {
        var stats = new GraphStats(1_000_000, 5_000, 0, new Dictionary<string, int> { ["conv3x3"] = 7, ["skip"] = 2 });

        var values = Nb201Space.EncodeGraph(stats);

        Assert.Equal(3 + Nb201Space.OpKinds.Count, values.Length);
        Assert.Equal(Math.Log(1_000_001), values[0], 12);
        Assert.Equal(Math.Log(5_001), values[1], 12);
        Assert.Equal(0.0, values[2]);
        for (int i = 0; i < Nb201Space.OpKinds.Count; i++)
        {
            double expected = Nb201Space.OpKinds[i] switch { "conv3x3" => 7, "skip" => 2, _ => 0 };
            Assert.Equal(expected, values[3 + i]);
        }
    }

    [Fact]
    public void EncodeGraph_UnknownOpKind_NamesItAndTheEncodedKinds()
    {
        var stats = new GraphStats(1, 1, 1, new Dictionary<string, int> { ["conv7x7"] = 1 });

        var error = Assert.Throws<InvalidOperationException>(() => FbnetSpace.EncodeGraph(stats)).Message;

        Assert.Contains("'conv7x7'", error);
        Assert.Contains(string.Join(", ", FbnetSpace.OpKinds), error);
    }

    [Theory]
    [InlineData("nb201", 7)]
    [InlineData("fbnet", 7)]
    public void Encode_RealArchitectures_GivesOneFiniteValuePerFeatureName(string spaceId, int seed)
    {
        var space = SearchSpaces.Get(spaceId);
        var random = new Random(seed);

        for (var i = 0; i < 5; i++)
        {
            var features = space.Encode(space.Sample(random));

            Assert.Equal(space.FeatureNames.Count, features.Length);
            Assert.All(features, v => Assert.True(double.IsFinite(v)));
            Assert.True(features[space.FeatureNames.ToList().IndexOf("log_multiply_adds")] > 0);
        }
    }
}

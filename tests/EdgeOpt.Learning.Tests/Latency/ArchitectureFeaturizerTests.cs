using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class ArchitectureFeaturizerTests
{
    [Fact]
    public void Featurize_Fbnet_OneHotPerLayerOnly()
    {
        var space = SearchSpaces.Fbnet;
        var featurizer = new ArchitectureFeaturizer(space);
        var architecture = space.Sample(new Random(3));
        var vector = featurizer.Featurize(architecture);

        Assert.Equal(22 * 9, vector.Length);
        Assert.Equal(22, vector.Sum());
        for (var layer = 0; layer < 22; layer++)
            Assert.Equal(1.0, vector[layer * 9 + architecture.Choices[layer]]);
        Assert.False(featurizer.IsDegenerate(architecture));
    }

    [Fact]
    public void Featurize_Nb201_ChoicesThenEffectiveChoicesThenConstantOutputFlag()
    {
        var space = SearchSpaces.Nb201;
        var featurizer = new ArchitectureFeaturizer(space);
        var cell = space.Parse("|none~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_3x3~2|");
        var vector = featurizer.Featurize(cell);

        Assert.Equal(2 * 30 + 2, vector.Length);
        Assert.Equal(vector.Length, featurizer.FeatureNames.Count);
        Assert.Equal(13, vector.Sum());
        Assert.Equal(1.0, vector[2 * 5 + 2]);      // raw: edge 2<-1 is nor_conv_1x1
        Assert.Equal(1.0, vector[30 + 2 * 5 + 0]); // effective: edge 2<-1 is dead
        Assert.Equal(1.0, vector[60]);              // output depends on input
        Assert.Equal(featurizer.ActiveCount, featurizer.ActiveIndices(cell).Length);
    }

    [Fact]
    public void Featurize_EffectiveChoicesTurnedOff_OnlyRawChoices()
    {
        var featurizer = new ArchitectureFeaturizer(SearchSpaces.Nb201, new() { IncludeEffectiveChoices = false });
        Assert.Equal(30, featurizer.Length);
        Assert.Equal(6, featurizer.ActiveCount);
    }

    [Fact]
    public void Featurize_ArchitectureOfAnotherSpace_NamesBothSpaces()
    {
        var featurizer = new ArchitectureFeaturizer(SearchSpaces.Nb201);
        var error = Assert.Throws<ArgumentException>(() => featurizer.Featurize(SearchSpaces.Fbnet.Sample(new Random(1))));
        Assert.Contains("'fbnet'", error.Message);
        Assert.Contains("'nb201'", error.Message);
    }

    [Fact]
    public void OptionCounts_Fbnet_CountsMinusUniformExpectationScaled()
    {
        var space = SearchSpaces.Fbnet;
        var featurizer = new ArchitectureFeaturizer(space);
        var architecture = space.Parse(string.Join(' ', Enumerable.Repeat("skip", 20).Concat(["k3_e1", "k3_e1"])));
        var counts = featurizer.OptionCounts(architecture);

        Assert.Equal(9, counts.Length);
        var scale = 1 / Math.Sqrt(22);
        Assert.Equal((2 - 22.0 / 9) * scale, counts[featurizer.OptionNames.ToList().IndexOf("k3_e1")], 12);
        Assert.Equal((20 - 22.0 / 9) * scale, counts[featurizer.OptionNames.ToList().IndexOf("skip")], 12);
        Assert.Equal(0.0, counts.Sum(), 12);
    }

    [Fact]
    public void OptionCounts_Nb201_RawThenEffectiveCell()
    {
        var featurizer = new ArchitectureFeaturizer(SearchSpaces.Nb201);
        var cell = SearchSpaces.Nb201.Parse("|none~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_3x3~2|");
        var counts = featurizer.OptionCounts(cell).Select(c => Math.Round(c * Math.Sqrt(6) + 6.0 / 5)).ToArray();
        // none, skip, conv1x1, conv3x3, pool: raw 1,1,1,2,1; effective (2<-1 and 3<-1 dead) 3,1,0,2,0.
        Assert.Equal([1.0, 1, 1, 2, 1, 3, 1, 0, 2, 0], counts);
    }
}

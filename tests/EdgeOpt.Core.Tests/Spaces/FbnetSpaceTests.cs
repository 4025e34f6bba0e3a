using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Tests.TestSupport;

namespace EdgeOpt.Core.Tests.Spaces;

public class FbnetSpaceTests
{
    private const string Example =
        "k5_e6 skip k3_e1_g2 skip k5_e1 skip skip skip k5_e6 k5_e1 k3_e1_g2 k5_e1 k5_e6 k3_e6 k3_e3 k5_e6 k3_e6 k3_e3 k5_e1 k3_e3 k5_e1 k5_e1_g2";
    private const string AllowedBlocks = "k3_e1, k3_e1_g2, k3_e3, k3_e6, k5_e1, k5_e1_g2, k5_e3, k5_e6, skip";

    private readonly FbnetSpace _space = new();

    [Fact]
    public void Describe_TwentyTwoLayersOfNineBlocks_SizeTooLargeForLong()
    {
        Assert.Equal("fbnet", _space.Id);
        Assert.Equal(22, _space.DecisionCount);
        Assert.Equal(22, _space.PrecisionSlots);
        Assert.Null(_space.Size);
        for (int d = 0; d < 22; d++)
            Assert.Equal(AllowedBlocks.Split(", "), _space.OptionsAt(d));
        Assert.Throws<ArgumentOutOfRangeException>(() => _space.OptionsAt(22));
    }

    [Fact]
    public void Enumerate_ThrowsNotSupportedSuggestingSampling()
    {
        var error = Assert.Throws<NotSupportedException>(() => _space.Enumerate());

        Assert.Contains("fbnet", error.Message);
        Assert.Contains("sample", error.Message);
    }

    [Fact]
    public void Parse_ReadsOneBlockPerLayer()
    {
        var architecture = _space.Parse(Example);

        Assert.Equal(22, architecture.Choices.Count);
        Assert.Equal(Example.Split(' '), architecture.Choices.Select(c => FbnetBlock.Names[c]));
        Assert.Equal(Example, _space.Format(architecture));
        Assert.Equal(Example.Split(' '), _space.Blocks(architecture).Select(b => b.Name));
    }

    [Fact]
    public void Parse_SurroundingWhitespace_IsTolerated()
    {
        Assert.Equal(_space.Parse(Example), _space.Parse("\t " + Example + " \n"));
    }

    [Fact]
    public void Parse_UnknownBlock_NamesLayerOffsetAndAllowedBlocks()
    {
        string text = Example.Replace("k5_e1 k3_e1_g2", "k5_e1 k7_e6", StringComparison.Ordinal);
        int offset = text.IndexOf("k7_e6", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => _space.Parse("  " + text)).Message;

        Assert.Contains("'k7_e6'", error);
        Assert.Contains("layer 11", error);
        Assert.Contains($"offset {offset + 2}", error);
        Assert.Contains(AllowedBlocks, error);
    }

    [Fact]
    public void Parse_BlockNamesAreCaseSensitive()
    {
        var error = Assert.Throws<FormatException>(() => _space.Parse("K5_E6" + Example[5..])).Message;

        Assert.Contains("layer 1", error);
        Assert.Contains("offset 0", error);
    }

    [Fact]
    public void Parse_DoubleSpace_NamesTheEmptyLayerAndOffset()
    {
        string text = Example.Insert(6, " ");

        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("layer 2", error);
        Assert.Contains("offset 6", error);
        Assert.Contains("single spaces", error);
    }

    [Fact]
    public void Parse_TabBetweenBlocks_IsRejected()
    {
        Assert.Throws<FormatException>(() => _space.Parse(Example.Replace("k5_e6 skip", "k5_e6\tskip", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(21)]
    [InlineData(23)]
    [InlineData(1)]
    public void Parse_WrongLayerCount_SaysFoundAndExpected(int layers)
    {
        string text = string.Join(' ', Enumerable.Repeat("k3_e3", layers));

        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains($"found {layers} layer(s)", error);
        Assert.Contains("expected 22", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Parse_Empty_SaysWhatIsExpected(string text)
    {
        var error = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        Assert.Contains("empty", error);
        Assert.Contains("22 block names", error);
    }

    [Fact]
    public void TryParse_Invalid_ReturnsTheSameMessageAsParse()
    {
        string text = Example.Replace("skip", "identity", StringComparison.Ordinal);
        var thrown = Assert.Throws<FormatException>(() => _space.Parse(text)).Message;

        bool ok = _space.TryParse(text, out var architecture, out var error);

        Assert.False(ok);
        Assert.Null(architecture);
        Assert.Equal(thrown, error);
    }

    [Fact]
    public void Format_ForeignArchitecture_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => _space.Format(new Architecture("nb201", new int[22]))).Message;

        Assert.Contains("'nb201'", error);
    }

    [SharedDataFact("fbnet/latency.csv")]
    public void EveryMeasuredArchitecture_ParsesAndRoundTrips()
    {
        var arches = CsvTable.Read(SharedData.PathOf("fbnet/latency.csv")).Column("arch").ToList();

        Assert.Equal(5_000, arches.Count);
        foreach (var text in arches)
            Assert.Equal(text, _space.Format(_space.Parse(text)));
    }
}

using System.Globalization;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Tests.TestSupport;

namespace EdgeOpt.Core.Tests.Spaces;

public class Nb201OfficialOrderTests
{
    private readonly Nb201Space _space = new();

    [Fact]
    public void Enumerate_Yields15625DistinctCells()
    {
        var all = _space.Enumerate().ToList();

        Assert.Equal(15_625, all.Count);
        Assert.Equal(15_625, all.Distinct().Count());
        Assert.Equal(15_625, all.Select(_space.Format).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void At_And_IndexOf_AreInverse()
    {
        for (int i = 0; i < 15_625; i++) Assert.Equal(i, _space.IndexOf(_space.At(i)));
        foreach (var architecture in _space.Enumerate().Take(100))
            Assert.Equal(architecture, _space.At(_space.IndexOf(architecture)));
    }

    [Theory]
    [InlineData(0, "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|")]
    [InlineData(9, "|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|")]
    public void At_KnownNasBench201Indices_GiveThePublishedCells(int index, string cell)
    {
        Assert.Equal(cell, _space.Format(_space.At(index)));
        Assert.Equal(index, _space.IndexOf(_space.Parse(cell)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(15_625)]
    public void At_OutOfRange_NamesTheValidRange(int index)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _space.At(index));

        Assert.Contains("0..15624", error.Message);
    }

    [Fact]
    public void IndexOf_FromManyThreadsAtOnce_AgreesWithSequentialAnswers()
    {
        var cells = Enumerable.Range(0, 2_000).Select(i => new Architecture("nb201", OfProductCode(i * 7 % 15_625))).ToArray();
        var parallel = new int[cells.Length];

        Parallel.For(0, cells.Length, i => parallel[i] = _space.IndexOf(cells[i]));

        Assert.Equal(cells.Select(_space.IndexOf), parallel);
        Assert.Equal(cells.Length, parallel.Distinct().Count());
    }

    [SharedDataFact("nb201/latency.csv")]
    public void OfficialOrder_MatchesTheIndexColumnOfEveryLatencyRow() => AssertIndexColumn("nb201/latency.csv");

    [SharedDataFact("nb201/accuracy.csv")]
    public void OfficialOrder_MatchesTheIndexColumnOfEveryAccuracyRow() => AssertIndexColumn("nb201/accuracy.csv");

    private void AssertIndexColumn(string file)
    {
        var table = CsvTable.Read(SharedData.PathOf(file));
        int arch = table.ColumnIndex("arch"), index = table.ColumnIndex("nb201_index");

        Assert.Equal(15_625, table.Rows.Count);
        foreach (var row in table.Rows)
        {
            int expected = int.Parse(row[index], CultureInfo.InvariantCulture);
            Assert.Equal(expected, _space.IndexOf(_space.Parse(row[arch])));
            Assert.Equal(row[arch], _space.Format(_space.At(expected)));
        }
    }

    private static int[] OfProductCode(int code)
    {
        var choices = new int[6];
        for (int d = 5; d >= 0; d--) { choices[d] = code % 5; code /= 5; }
        return choices;
    }
}

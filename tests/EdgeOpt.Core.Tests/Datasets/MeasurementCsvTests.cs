using EdgeOpt.Core.Datasets;

namespace EdgeOpt.Core.Tests.Datasets;

public class MeasurementCsvTests
{
    private const string Source = "test.csv";

    private static MeasurementTable Read(string text, Func<string, string?>? validate = null) =>
        MeasurementCsv.Read(new StringReader(text), "nb201", validate, Source);

    private static MeasurementFormatException ReadFails(string text, Func<string, string?>? validate = null) =>
        Assert.Throws<MeasurementFormatException>(() => Read(text, validate));

    [Fact]
    public void Read_ValidTable_KeepsRowsColumnsIndicesAndEmptyCells()
    {
        var table = Read("arch,nb201_index,gpu_1,phone\na,5,1.5,\nb,7,2,3e1\n");
        Assert.Equal("nb201", table.SpaceId);
        Assert.Equal(["a", "b"], table.Architectures);
        Assert.Equal([5, 7], table.Nb201Indices!);
        Assert.Equal(["gpu_1", "phone"], table.Devices);
        Assert.Equal([1.5, 2.0], table.Column("gpu_1"));
        Assert.Equal([null, 30.0], table.Column("phone"));
    }

    [Fact]
    public void Read_WithoutIndexColumn_HasNoIndices()
    {
        var table = Read("gpu,arch\n1,x\n");
        Assert.Null(table.Nb201Indices);
        Assert.Equal(["gpu"], table.Devices);
        Assert.Equal(1.0, table[0, "gpu"]);
    }

    [Fact]
    public void Read_HeaderOnly_GivesAnEmptyTable()
    {
        var table = Read("arch,gpu\n");
        Assert.Equal(0, table.RowCount);
        Assert.Equal(["gpu"], table.Devices);
    }

    [Fact]
    public void Read_QuotedCellsAndBlankLinesAndCrLf_AreAccepted()
    {
        var table = Read("\uFEFFarch,\"gpu\"\r\n\"a, \"\"b\"\"\",\" 4.25 \"\r\n\r\nc,1\r\n");
        Assert.Equal(["a, \"b\"", "c"], table.Architectures);
        Assert.Equal([4.25, 1.0], table.Column("gpu"));
    }

    [Fact]
    public void Read_MissingArchColumn_NamesLineAndListsColumns()
    {
        var ex = ReadFails("name,gpu\na,1\n");
        Assert.Equal(1, ex.Line);
        Assert.Contains("'arch'", ex.Message);
        Assert.Contains("name, gpu", ex.Message);
        Assert.StartsWith(Source + ": line 1", ex.Message);
    }

    [Fact]
    public void Read_EmptyInput_AsksForAHeader()
    {
        var ex = ReadFails("");
        Assert.Equal(1, ex.Line);
        Assert.Contains("header", ex.Message);
    }

    [Fact]
    public void Read_DuplicateColumn_NamesTheColumnAndBothPositions()
    {
        var ex = ReadFails("arch,gpu,cpu,gpu\na,1,2,3\n");
        Assert.Equal(1, ex.Line);
        Assert.Equal("gpu", ex.Column);
        Assert.Contains("cells 2 and 4", ex.Message);
    }

    [Fact]
    public void Read_EmptyHeaderCell_NamesItsPosition()
    {
        var ex = ReadFails("arch,,gpu\na,1,2\n");
        Assert.Contains("header cell 2", ex.Message);
    }

    [Fact]
    public void Read_DuplicateArchitecture_NamesBothLines()
    {
        var ex = ReadFails("arch,gpu\na,1\nb,2\na,3\n");
        Assert.Equal(4, ex.Line);
        Assert.Equal("arch", ex.Column);
        Assert.Contains("line 2", ex.Problem);
    }

    [Fact]
    public void Read_NonNumericCell_NamesLineColumnAndText()
    {
        var ex = ReadFails("arch,gpu,phone\na,1,2\nb,3,fast\n");
        Assert.Equal(3, ex.Line);
        Assert.Equal("phone", ex.Column);
        Assert.Contains("'fast'", ex.Message);
        Assert.Contains("milliseconds", ex.Message);
        Assert.Equal($"{Source}: line 3, column 'phone': {ex.Problem}", ex.Message);
    }

    [Theory]
    [InlineData("-0.5", "negative")]
    [InlineData("NaN", "not a number")]
    [InlineData("Infinity", "infinite")]
    [InlineData("1e400", "infinite")]
    public void Read_ImpossibleLatency_NamesLineColumnAndWhy(string cell, string why)
    {
        var ex = ReadFails($"arch,gpu\na,1\nb,{cell}\n");
        Assert.Equal(3, ex.Line);
        Assert.Equal("gpu", ex.Column);
        Assert.Contains(why, ex.Message);
        Assert.Contains($"'{cell}'", ex.Message);
    }

    [Theory]
    [InlineData("a,1\nb,2,3\n", 3, 3)]
    [InlineData("a,1\nb\n", 3, 1)]
    public void Read_WrongCellCount_NamesLineAndBothCounts(string rows, int line, int found)
    {
        var ex = ReadFails("arch,gpu\n" + rows);
        Assert.Equal(line, ex.Line);
        Assert.Null(ex.Column);
        Assert.Contains("expected 2 cells", ex.Message);
        Assert.Contains($"found {found}", ex.Message);
    }

    [Fact]
    public void Read_EmptyArchitecture_NamesLineAndArchColumn()
    {
        var ex = ReadFails("arch,gpu\n ,1\n");
        Assert.Equal(2, ex.Line);
        Assert.Equal("arch", ex.Column);
    }

    [Fact]
    public void Read_ValidatorRejection_CarriesItsMessageWithLineAndColumn()
    {
        static string? Validate(string arch) => arch.StartsWith('|') ? null : "expected '|' at position 0";
        var ex = ReadFails("arch,gpu\n|ok|,1\nbad,2\n", Validate);
        Assert.Equal(3, ex.Line);
        Assert.Equal("arch", ex.Column);
        Assert.Contains("'bad'", ex.Message);
        Assert.Contains("expected '|' at position 0", ex.Message);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("")]
    public void Read_BadNb201Index_NamesLineAndColumn(string cell)
    {
        var ex = ReadFails($"arch,nb201_index,gpu\na,{cell},1\n");
        Assert.Equal(2, ex.Line);
        Assert.Equal("nb201_index", ex.Column);
        Assert.Contains("non-negative integer", ex.Message);
    }

    [Fact]
    public void Read_DuplicateNb201Index_NamesTheFirstLine()
    {
        var ex = ReadFails("arch,nb201_index,gpu\na,3,1\nb,3,2\n");
        Assert.Equal(3, ex.Line);
        Assert.Contains("line 2", ex.Message);
    }

    [Fact]
    public void Read_UnclosedQuote_NamesTheLineWhereItOpened()
    {
        var ex = ReadFails("arch,gpu\na,1\n\"b,2\nc,3\n");
        Assert.Equal(3, ex.Line);
        Assert.Contains("never closed", ex.Message);
    }

    [Fact]
    public void Read_ErrorAfterMultiLineQuotedCell_CountsPhysicalLines()
    {
        var ex = ReadFails("arch,gpu\n\"a\nb\",1\nc,oops\n");
        Assert.Equal(4, ex.Line);
    }

    [Fact]
    public void WriteThenRead_RoundTripsEveryCellExactly()
    {
        var random = new Random(17);
        var archs = Enumerable.Range(0, 50).Select(i => $"|op~{i}|+|x, \"q\"|").ToArray();
        var values = Enumerable.Range(0, 50)
            .Select(i => i % 7 == 0 ? (double?)null : random.NextDouble() * Math.Pow(10, random.Next(-6, 6)))
            .ToArray();
        var original = new MeasurementTable("nb201", archs, Enumerable.Range(100, 50).ToArray(),
            [new DeviceColumn("dev b", values), new DeviceColumn("dev_a", values.Reverse().ToArray())]);

        var writer = new StringWriter();
        MeasurementCsv.Write(original, writer);
        var back = Read(writer.ToString());

        Assert.Equal(original.Architectures, back.Architectures);
        Assert.Equal(original.Nb201Indices!, back.Nb201Indices!);
        Assert.Equal(original.Devices, back.Devices);
        foreach (var device in original.Devices) Assert.Equal(original.Column(device), back.Column(device));
    }

    [Fact]
    public void Write_UsesTheImportFormat()
    {
        var table = new MeasurementTable("fbnet", ["k3_e1 skip", "skip k5_e6"], null,
            [new DeviceColumn("pixel3", [0.1, null]), new DeviceColumn("gpu_32", [1e-7, 12.0])]);
        var writer = new StringWriter();
        MeasurementCsv.Write(table, writer);
        Assert.Equal("arch,pixel3,gpu_32\nk3_e1 skip,0.1,1E-07\nskip k5_e6,,12\n", writer.ToString());
    }

    [Fact]
    public void SaveThenLoad_RoundTripsThroughAFile()
    {
        var dir = Directory.CreateTempSubdirectory("edgeopt-csv-");
        try
        {
            var path = Path.Combine(dir.FullName, "sub", "latency.csv");
            var table = new MeasurementTable("nb201", ["a", "b"], [0, 1], [new DeviceColumn("cpu", [1.25, null])]);
            MeasurementCsv.Save(table, path);
            var back = MeasurementCsv.Load(path, "nb201");
            Assert.Equal([1.25, null], back.Column("cpu"));
            Assert.False(File.Exists(path + ".tmp"));
            var ex = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Load(WriteText(dir, "arch,cpu\na,x\n"), "nb201"));
            Assert.StartsWith(Path.Combine(dir.FullName, "bad.csv"), ex.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string WriteText(DirectoryInfo dir, string text)
    {
        var path = Path.Combine(dir.FullName, "bad.csv");
        File.WriteAllText(path, text);
        return path;
    }
}

using EdgeOpt.Core.Datasets;

namespace EdgeOpt.Core.Tests.Datasets;

public class MeasurementTableTests
{
    private static MeasurementTable Sample() => new(
        "nb201",
        ["a", "b", "c", "d"],
        [10, 11, 12, 13],
        [
            new DeviceColumn("gpu", [1.0, null, 3.0, 4.0]),
            new DeviceColumn("cpu", [5.0, 6.0, null, 8.0]),
        ]);

    [Fact]
    public void Column_UnknownDevice_ListsTheAvailableDevices()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => Sample().Column("tpu"));
        Assert.Contains("'tpu'", ex.Message);
        Assert.Contains("gpu, cpu", ex.Message);
    }

    [Fact]
    public void MeasuredRows_SkipsEmptyCells()
    {
        var table = Sample();
        Assert.Equal([0, 2, 3], table.MeasuredRows("gpu"));
        Assert.Equal([0, 3], table.MeasuredRows(["gpu", "cpu"]));
        Assert.Equal([1.0, 4.0], table.ValuesAt("gpu", [0, 3]));
    }

    [Fact]
    public void ValuesAt_RowWithoutValue_NamesDeviceRowAndArchitecture()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Sample().ValuesAt("gpu", [1]));
        Assert.Contains("'gpu'", ex.Message);
        Assert.Contains("row 1", ex.Message);
        Assert.Contains("'b'", ex.Message);
    }

    [Fact]
    public void SelectRows_KeepsTheGivenOrderWithIndicesAndCells()
    {
        var subset = Sample().SelectRows([3, 0]);
        Assert.Equal(["d", "a"], subset.Architectures);
        Assert.Equal([13, 10], subset.Nb201Indices!);
        Assert.Equal([4.0, 1.0], subset.Column("gpu"));
        Assert.Equal(0, subset.IndexOf("d"));
        Assert.Equal(-1, subset.IndexOf("b"));
    }

    [Fact]
    public void SelectRows_RepeatedRow_IsRejectedAsDuplicateArchitecture() =>
        Assert.Throws<ArgumentException>(() => Sample().SelectRows([1, 1]));

    [Fact]
    public void SelectDevices_KeepsTheGivenOrder()
    {
        var subset = Sample().SelectDevices(["cpu"]);
        Assert.Equal(["cpu"], subset.Devices);
        Assert.Equal(4, subset.RowCount);
        Assert.Throws<KeyNotFoundException>(() => Sample().SelectDevices(["gpu", "tpu"]));
    }

    [Fact]
    public void WithDevice_AddsAtTheEndOrReplacesInPlace()
    {
        var added = Sample().WithDevice("phone", [null, null, 1.0, null]);
        Assert.Equal(["gpu", "cpu", "phone"], added.Devices);
        var replaced = added.WithDevice("gpu", [9.0, 9.0, 9.0, 9.0]);
        Assert.Equal(["gpu", "cpu", "phone"], replaced.Devices);
        Assert.Equal(9.0, replaced[1, "gpu"]);
    }

    [Theory]
    [InlineData("arch")]
    [InlineData("nb201_index")]
    [InlineData("")]
    [InlineData(" gpu")]
    public void Constructor_BadDeviceName_Throws(string device) =>
        Assert.Throws<ArgumentException>(() => new MeasurementTable("s", ["a"], null, [new DeviceColumn(device, [1.0])]));

    [Fact]
    public void Constructor_NegativeCell_NamesDeviceAndRow()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => new MeasurementTable("s", ["a", "b"], null, [new DeviceColumn("gpu", [1.0, -2.0])]));
        Assert.Contains("'gpu', row 1", ex.Message);
    }

    [Fact]
    public void Constructor_CellCountMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => new MeasurementTable("s", ["a", "b"], null, [new DeviceColumn("gpu", [1.0])]));
}

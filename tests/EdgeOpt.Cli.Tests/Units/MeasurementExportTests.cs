using EdgeOpt.Cli.Export;
using EdgeOpt.Core.Spaces;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.Units;

/// <summary>The export's rules, in process: which column a device gets, which measurement fills a cell.</summary>
public sealed class MeasurementExportTests
{
    private static readonly Nb201Space Space = SearchSpaces.Nb201;

    [Fact]
    public void Columns_UseTheName_UnlessItIsReservedOrTaken_ThenTheId()
    {
        var devices = new[]
        {
            new Wire.Device { Id = "dev_1", Name = "pixel" },
            new Wire.Device { Id = "dev_2", Name = "pixel" },
            new Wire.Device { Id = "dev_3", Name = "arch" },
            new Wire.Device { Id = "dev_4", Name = "nb201_index" },
        };

        var columns = MeasurementExport.Columns(devices);

        Assert.Equal(["pixel", "dev_2", "dev_3", "dev_4"], columns.Select(c => c.Column));
    }

    [Fact]
    public void Build_RowsFollowTheOfficialIndex_AndEachCellIsTheLatestMeasurementOfItsPrecision()
    {
        var device = new ExportDevice("dev_1", "d", "d");
        string late = Space.Format(Space.At(900)), early = Space.Format(Space.At(3));
        var measurements = new[]
        {
            Measured(late, 5.0),
            Measured(early, 2.0),
            Measured(late, 6.0),
            Measured(early, 9.0, Wire.Precision.Int8),
            new Wire.Measurement { Design = new Wire.Design { Space = "fbnet", Arch = "skip" }, Latency = new Wire.LatencyStats { MedianMs = 1 } },
        };

        var result = MeasurementExport.Build(Space, QuantizationPolicy.Parse("fp32", 3), [new DeviceMeasurements(device, measurements)], "http://s", DateTimeOffset.UnixEpoch);

        Assert.Equal([early, late], result.Table.Architectures);
        Assert.Equal([3, 900], result.Table.Nb201Indices!);
        Assert.Equal([2.0, 6.0], [result.Table[0, "d"]!.Value, result.Table[1, "d"]!.Value]);
        Assert.Equal((2, 4), (result.Cells, result.Measurements)); // the fbnet one is not of this space
        var notes = result.Sidecar["measurements"]!.AsArray().Select(e => e!["note"]?.GetValue<string>()).ToArray();
        Assert.Equal(new[] { "a later measurement of the same architecture fills the cell", null, null, "precision int8, not the exported fp32" }, notes);
    }

    private static Wire.Measurement Measured(string arch, double medianMs, Wire.Precision? precision = null)
    {
        var design = new Wire.Design { Space = "nb201", Arch = arch };
        if (precision is { } p) design.Precisions.Add([p, p, p]);
        return new Wire.Measurement
        {
            Design = design,
            Latency = new Wire.LatencyStats { MedianMs = medianMs, Runs = 1 },
            Provenance = Wire.Provenance.Measured,
        };
    }
}

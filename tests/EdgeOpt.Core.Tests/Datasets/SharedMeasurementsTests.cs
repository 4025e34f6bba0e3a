using System.Diagnostics;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Tests.Support;

namespace EdgeOpt.Core.Tests.Datasets;

/// <summary>Reads the real measurement files in ../shared/data (skipped when they are absent).</summary>
public class SharedMeasurementsTests
{
    [SharedDataFact("nb201/latency.csv")]
    public void Load_Nb201Latency_HasAllCellsAndThirteenDevicesQuickly()
    {
        var path = SharedData.PathOf("nb201/latency.csv");
        MeasurementCsv.Load(path, "nb201"); // warm the JIT and the file cache
        var watch = Stopwatch.StartNew();
        var table = MeasurementCsv.Load(path, "nb201");
        watch.Stop();

        Assert.Equal(15_625, table.RowCount);
        Assert.Equal(13, table.Devices.Count);
        Assert.NotNull(table.Nb201Indices);
        Assert.Equal(Enumerable.Range(0, 15_625), table.Nb201Indices!.Order());
        Assert.All(table.Devices, d => Assert.NotEmpty(table.MeasuredRows(d)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"reading took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [SharedDataFact("fbnet/latency.csv")]
    public void Load_FbnetLatency_HasFiveThousandRows()
    {
        var table = MeasurementCsv.Load(SharedData.PathOf("fbnet/latency.csv"), "fbnet");
        Assert.Equal(5_000, table.RowCount);
        Assert.Equal(13, table.Devices.Count);
        Assert.Null(table.Nb201Indices);
        Assert.All(table.Architectures, a => Assert.Equal(22, a.Split(' ').Length));
    }

    [SharedDataFact("nb201/latency.csv")]
    public void SaveThenLoad_Nb201Latency_GivesTheSameTable()
    {
        var original = MeasurementCsv.Load(SharedData.PathOf("nb201/latency.csv"), "nb201");
        var stream = new MemoryStream();
        MeasurementCsv.Write(original, stream);
        stream.Position = 0;
        var back = MeasurementCsv.Read(stream, "nb201");
        Assert.Equal(original.Architectures, back.Architectures);
        Assert.Equal(original.Nb201Indices!, back.Nb201Indices!);
        Assert.Equal(original.Devices, back.Devices);
        foreach (var device in original.Devices) Assert.Equal(original.Column(device), back.Column(device));
    }

    [SharedDataFact("nb201/latency.csv", "fbnet/latency.csv")]
    public void Write_SharedLatencyFiles_ReproducesThemByteForByte()
    {
        foreach (var (file, space) in new[] { ("nb201/latency.csv", "nb201"), ("fbnet/latency.csv", "fbnet") })
        {
            var path = SharedData.PathOf(file);
            var writer = new StringWriter();
            MeasurementCsv.Write(MeasurementCsv.Load(path, space), writer);
            Assert.True(File.ReadAllText(path).Replace("\r\n", "\n") == writer.ToString(), $"{file} differs after a round trip");
        }
    }
}

using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Cli.Tests.Support;

/// <summary>
/// A recording in the import format written by the test, so replay agents run without the shared data: every
/// NAS-Bench-201 architecture with seeded latencies (full doubles, so exact comparison means something) for the
/// given device columns.
/// </summary>
public static class ReplayRecording
{
    public static MeasurementTable WriteNb201(string path, int seed, params string[] devices)
    {
        var space = SearchSpaces.Nb201;
        var architectures = space.Enumerate().ToList();
        var random = new Random(seed);
        var columns = devices.Select(d => new DeviceColumn(d,
            architectures.Select(_ => (double?)(0.5 + random.NextDouble() * 40)).ToArray())).ToList();
        var table = new MeasurementTable(
            space.Id, architectures.Select(space.Format).ToList(), architectures.Select(space.IndexOf).ToList(), columns);
        MeasurementCsv.Save(table, path);
        return table;
    }
}

using System.Globalization;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Spaces;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>`edgeopt import` against a real server process.</summary>
[Collection(ServedFleet.Name)]
public sealed class ImportVerbTests(ServerFixture fixture) : IDisposable
{
    private static readonly Nb201Space Space = new();
    private readonly TempFolder _temp = new();

    private ServerProcess Server => fixture.Server;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Import_TwoDeviceColumns_StoresEachColumnAsAReplayedDevice()
    {
        string a = ServerFixture.UniqueName("phone"), b = ServerFixture.UniqueName("cpu");
        var archs = Enumerable.Range(100, 4).Select(i => Space.Format(Space.At(i))).ToArray();
        string csv = Write("two.csv",
            $"arch,{a},{b}",
            $"\"{archs[0]}\",1.5,20",
            $"\"{archs[1]}\",2.25,",
            $"\"{archs[2]}\",,31",
            $"\"{archs[3]}\",4,40.5");

        var result = (await fixture.RunAsync("import", "--space", "nb201", csv)).Succeeded();

        Assert.Contains("Imported 6 measurements into 2 device(s)", result.Stdout);
        var devices = (await Server.Fleet.ListDevicesAsync(new Wire.ListDevicesRequest())).Devices;
        var phone = devices.Single(d => d.Name == a);
        var stored = (await Server.MeasurementsAsync(phone.Id)).OrderBy(m => m.Latency.MedianMs).ToList();
        Assert.Equal([1.5, 2.25, 4], stored.Select(m => m.Latency.MedianMs));
        Assert.Equal([archs[0], archs[1], archs[3]], stored.Select(m => m.Design.Arch));
        Assert.All(stored, m => Assert.Equal(Wire.Provenance.Replayed, m.Provenance));
        var cpu = devices.Single(d => d.Name == b);
        Assert.Equal([20, 31, 40.5], (await Server.MeasurementsAsync(cpu.Id)).Select(m => m.Latency.MedianMs).Order());
        // The signature jobs the enrollment queued are settled: the file has no cell for them, so they failed.
        Assert.All(await Server.JobsAsync(phone.Id), j => Assert.Equal(Wire.JobState.Failed, j.State));
    }

    [Fact]
    public async Task Import_FileWithTheSignatureSet_AnswersTheSignatureJobs_AndTheDeviceIsFeatured()
    {
        // The signature set the server asks every nb201 device for, read from a probe device's jobs.
        var probe = await Server.RegisterAsync(ServerFixture.UniqueName("probe"));
        await Server.Agent(probe.AgentToken).EnrollAsync(new Wire.EnrollRequest { Mode = "replay", AgentVersion = "test" });
        var signature = (await Server.JobsAsync(probe.Device.Id)).Select(j => j.Design.Arch).ToList();
        string name = ServerFixture.UniqueName("imported");
        string csv = Write("signature.csv",
            [$"arch,{name}", .. signature.Select((arch, i) => $"\"{arch}\",{(i + 1).ToString(CultureInfo.InvariantCulture)}")]);

        (await fixture.RunAsync("import", csv)).Succeeded();

        var device = (await Server.Fleet.ListDevicesAsync(new Wire.ListDevicesRequest())).Devices.Single(d => d.Name == name);
        Assert.Contains("nb201", device.FeaturedSpaces);
        var jobs = await Server.JobsAsync(device.Id);
        Assert.Equal(signature.Count, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(Wire.JobState.Done, j.State));
        Assert.Equal(signature.Count, (await Server.MeasurementsAsync(device.Id)).Count);
    }

    [Fact]
    public async Task Import_SameFileTwice_StoresNothingTwice()
    {
        string name = ServerFixture.UniqueName("twice");
        string csv = Write("twice.csv", $"arch,{name}", $"\"{Space.Format(Space.At(7))}\",3", $"\"{Space.Format(Space.At(8))}\",5");

        (await fixture.RunAsync("import", csv)).Succeeded();
        var again = (await fixture.RunAsync("import", csv)).Succeeded();

        Assert.Contains("existing device", again.Stdout);
        var device = (await Server.Fleet.ListDevicesAsync(new Wire.ListDevicesRequest())).Devices.Single(d => d.Name == name);
        Assert.Equal(2, (await Server.MeasurementsAsync(device.Id)).Count);
    }

    [Fact]
    public async Task Import_NonNumericCell_NamesLineAndColumn_AndStoresNothing()
    {
        string good = ServerFixture.UniqueName("good"), bad = ServerFixture.UniqueName("bad");
        string csv = Write("nonnumeric.csv",
            $"arch,{good},{bad}",
            $"\"{Space.Format(Space.At(1))}\",1,2",
            $"\"{Space.Format(Space.At(2))}\",1,fast");

        var result = await fixture.RunAsync("import", csv);

        CliAssert.OneErrorLine(result, 2, "line 3", bad, "'fast'", "a number, or an empty cell");
        await AssertNoDeviceNamed(good, bad);
    }

    [Fact]
    public async Task Import_UnknownOperation_NamesTheLineAndTheAllowedOperations()
    {
        string name = ServerFixture.UniqueName("ops");
        string csv = Write("ops.csv",
            $"arch,{name}",
            $"\"{Space.Format(Space.At(1))}\",1",
            "|nor_conv_3x3~0|+|conv_7x7~0|none~1|+|none~0|none~1|none~2|,2");

        var result = await fixture.RunAsync("import", csv);

        CliAssert.OneErrorLine(result, 2, "line 3", "arch", "conv_7x7", "nor_conv_3x3", "avg_pool_3x3");
        await AssertNoDeviceNamed(name);
    }

    [Fact]
    public async Task Import_WithoutArchColumn_NamesTheColumnsFound()
    {
        string csv = Write("columns.csv", "architecture,pixel9", "x,1");

        var result = await fixture.RunAsync("import", csv);

        CliAssert.OneErrorLine(result, 2, "line 1", "no 'arch' column", "architecture, pixel9");
    }

    [Fact]
    public async Task Import_UnknownSpace_NamesTheAllowedSpaces()
    {
        string csv = Write("space.csv", "arch,pixel9", $"\"{Space.Format(Space.At(1))}\",1");

        var result = await fixture.RunAsync("import", "--space", "darts", csv);

        CliAssert.OneErrorLine(result, 2, "--space", "'darts'", "nb201, fbnet");
    }

    private async Task AssertNoDeviceNamed(params string[] names)
    {
        var devices = (await Server.Fleet.ListDevicesAsync(new Wire.ListDevicesRequest())).Devices;
        foreach (var name in names) Assert.DoesNotContain(devices, d => d.Name == name);
    }

    private string Write(string fileName, params string[] lines)
    {
        string path = _temp.Combine(fileName);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}

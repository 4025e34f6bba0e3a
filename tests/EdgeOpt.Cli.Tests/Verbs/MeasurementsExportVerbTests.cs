using System.Text.Json.Nodes;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>`edgeopt measurements export`: the import format plus a sidecar that keeps what the CSV cannot.</summary>
[Collection(ServedFleet.Name)]
public sealed class MeasurementsExportVerbTests(ServerFixture fixture)
{
    private static readonly Wire.Precision[] AllFp16 = [Wire.Precision.Fp16, Wire.Precision.Fp16, Wire.Precision.Fp16];

    [Fact]
    public async Task Export_CellsHoldTheLatestMedianOfThePrecision_AndTheSidecarKeepsEveryMeasurementWithItsProvenance()
    {
        string name = ServerFixture.UniqueName("exported");
        var registered = await fixture.Server.RegisterAsync(name);
        var agent = fixture.Server.Agent(registered.AgentToken);
        await agent.EnrollAsync(new Wire.EnrollRequest { Mode = "measure", AgentVersion = "test" });
        var job = await JobsVerbTests.TakeOneAsync(agent);
        var other = new Wire.Design { Space = "nb201", Arch = SearchSpaces.Nb201.Format(SearchSpaces.Nb201.At(42)), Precisions = { AllFp16 } };
        await agent.ReportMeasurementsAsync(new Wire.ReportMeasurementsRequest
        {
            IdempotencyKey = "first",
            Reports = { new Wire.MeasurementReport { JobId = job.Id, Measurement = JobsVerbTests.Measurement(job.Design, 2.5) } },
        });
        await agent.ReportMeasurementsAsync(new Wire.ReportMeasurementsRequest
        {
            IdempotencyKey = "second",
            Reports =
            {
                new Wire.MeasurementReport { Measurement = JobsVerbTests.Measurement(job.Design, 3.5, Wire.Provenance.Replayed) },
                new Wire.MeasurementReport { Measurement = JobsVerbTests.Measurement(other, 1.25) },
            },
        });
        using var temp = new TempFolder();
        string csv = temp.Combine("out", "device.csv");

        var summary = (await fixture.RunAsync("measurements", "export", "--device", name, "--out", csv, "--json")).Succeeded().Json;
        var table = MeasurementCsv.Load(csv, "nb201", a => SearchSpaces.Nb201.TryParse(a, out _, out var error) ? null : error);
        var sidecar = JsonNode.Parse(await File.ReadAllTextAsync(temp.Combine("out", "device.provenance.json")))!;

        Assert.Equal(Path.GetFullPath(csv), summary["csv"]!.GetValue<string>());
        Assert.Equal([name], table.Devices);
        Assert.Equal([job.Design.Arch], table.Architectures);
        Assert.Equal(3.5, table[0, name]);
        Assert.Equal([SearchSpaces.Nb201.IndexOf(SearchSpaces.Nb201.Parse(job.Design.Arch))], table.Nb201Indices!);
        Assert.StartsWith("arch,nb201_index," + name, (await File.ReadAllLinesAsync(csv))[0]);

        Assert.Equal("edgeopt.measurement-export/1", sidecar["schema"]!.GetValue<string>());
        var entries = sidecar["measurements"]!.AsArray().Select(e => e!).ToList();
        Assert.Equal(3, entries.Count);
        var fromJob = entries.Single(e => e["measurement"]!["jobId"]!.GetValue<string>() == job.Id);
        Assert.False(fromJob["inCsv"]!.GetValue<bool>());
        Assert.Equal("measured", fromJob["provenance"]!.GetValue<string>());
        Assert.Contains("later measurement", fromJob["note"]!.GetValue<string>());
        var inCell = entries.Single(e => e["inCsv"]!.GetValue<bool>());
        Assert.Equal(("replayed", 3.5), (inCell["provenance"]!.GetValue<string>(), inCell["measurement"]!["latency"]!["medianMs"]!.GetValue<double>()));
        var fp16 = entries.Single(e => e["precision"]!.GetValue<string>() == "fp16");
        Assert.Equal("precision fp16, not the exported fp32", fp16["note"]!.GetValue<string>());

        string fp16Csv = temp.Combine("fp16.csv");
        (await fixture.RunAsync("measurements", "export", "--device", registered.Device.Id, "--precision", "fp16", "--out", fp16Csv)).Succeeded();
        var fp16Table = MeasurementCsv.Load(fp16Csv, "nb201");
        Assert.Equal([other.Arch], fp16Table.Architectures);
        Assert.Equal(1.25, fp16Table[0, name]);
    }

    [Fact]
    public async Task Export_DeviceWithoutMeasurements_WarnsAndWritesAnEmptyColumn()
    {
        string name = ServerFixture.UniqueName("idle");
        await fixture.Server.RegisterAsync(name);
        using var temp = new TempFolder();
        string csv = temp.Combine("idle.csv");

        var result = (await fixture.RunAsync("measurements", "export", "--device", name, "--out", csv)).Succeeded();

        Assert.Contains(result.Errors, l => l.StartsWith("warning:", StringComparison.Ordinal) && l.Contains(name, StringComparison.Ordinal));
        Assert.Equal([$"arch,nb201_index,{name}"], await File.ReadAllLinesAsync(csv));
    }

    [Theory]
    [InlineData("--space", "darts", "--space", "'darts'")]
    [InlineData("--precision", "fp8", "--precision", "fp8")]
    public async Task Export_UnusableOption_IsAUsageError(string option, string value, string named, string message)
    {
        using var temp = new TempFolder();

        var result = await fixture.RunAsync("measurements", "export", "--device", "x", "--out", temp.Combine("x.csv"), option, value);

        CliAssert.OneErrorLine(result, 2, named, message);
    }
}

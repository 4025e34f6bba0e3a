using EdgeOpt.Cli.Tests.Support;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>`edgeopt jobs list` with its device and state filters.</summary>
[Collection(ServedFleet.Name)]
public sealed class JobsVerbTests(ServerFixture fixture)
{
    [Fact]
    public async Task List_FiltersByDeviceAndState()
    {
        string name = ServerFixture.UniqueName("worker");
        var registered = await fixture.Server.RegisterAsync(name);
        var agent = fixture.Server.Agent(registered.AgentToken);
        await agent.EnrollAsync(new Wire.EnrollRequest { Mode = "replay", AgentVersion = "test" });
        var job = await TakeOneAsync(agent);
        await agent.ReportMeasurementsAsync(new Wire.ReportMeasurementsRequest
        {
            IdempotencyKey = "k1",
            Reports = { new Wire.MeasurementReport { JobId = job.Id, Measurement = Measurement(job.Design, 4.25) } },
        });

        var all = (await fixture.RunAsync("jobs", "list", "--device", name, "--json")).Succeeded().Json["jobs"]!.AsArray();
        var done = (await fixture.RunAsync("jobs", "list", "--device", registered.Device.Id, "--state", "done", "--json")).Succeeded().Json["jobs"]!.AsArray();
        var queued = (await fixture.RunAsync("jobs", "list", "--device", name, "--state", "QUEUED", "--json")).Succeeded().Json["jobs"]!.AsArray();
        var table = (await fixture.RunAsync("jobs", "list", "--device", name, "--state", "done")).Succeeded();

        Assert.Equal(10, all.Count);
        Assert.All(all, j => Assert.Equal(registered.Device.Id, j!["deviceId"]!.GetValue<string>()));
        Assert.Equal(job.Id, done.Single()!["id"]!.GetValue<string>());
        Assert.True(queued.Count >= 8, $"{queued.Count} queued"); // the closed stream may hand one back a little later
        Assert.All(queued, j => Assert.Equal("JOB_STATE_QUEUED", j!["state"]!.GetValue<string>()));
        Assert.Contains(table.Output, l => l.Contains(job.Id, StringComparison.Ordinal) && l.Contains("signature", StringComparison.Ordinal));
        Assert.Contains("1 job(s): 1 done.", table.Stdout);
    }

    [Fact]
    public async Task List_UnknownState_IsAUsageErrorNamingTheStates()
    {
        var result = await fixture.RunAsync("jobs", "list", "--state", "running");

        CliAssert.OneErrorLine(result, 2, "--state", "'running'", "queued, leased, done, failed");
    }

    [Fact]
    public async Task List_UnknownDevice_PrintsNotFound()
    {
        var result = await fixture.RunAsync("jobs", "list", "--device", "no-such-device");

        CliAssert.OneErrorLine(result, 1, "NotFound", "'no-such-device'");
    }

    internal static async Task<Wire.Job> TakeOneAsync(Wire.Agent.AgentClient agent)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = agent.TakeJobs(new Wire.TakeJobsRequest { Concurrency = 1 }, cancellationToken: cts.Token);
        Assert.True(await stream.ResponseStream.MoveNext(cts.Token), "the job stream ended without a job");
        return stream.ResponseStream.Current;
    }

    internal static Wire.Measurement Measurement(Wire.Design design, double medianMs, Wire.Provenance provenance = Wire.Provenance.Measured) => new()
    {
        Design = design.Clone(),
        Latency = new Wire.LatencyStats { MedianMs = medianMs, P90Ms = medianMs * 1.1, MeanMs = medianMs, StdevMs = 0.1, Runs = 20 },
        Provenance = provenance,
        Context = new Wire.MeasurementContext { Machine = "test machine", Runtime = "onnxruntime 1.31.1", ExecutionProvider = "CPUExecutionProvider", BatchSize = 1 },
    };
}

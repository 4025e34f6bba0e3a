using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.TestSupport;

/// <summary>Steps most tests share: register and enroll a device, take jobs, build reports.</summary>
public static class Scenario
{
    public sealed record Registered(Wire.Device Device, string AgentToken)
    {
        public string Id => Device.Id;
    }

    public static async Task<Registered> RegisterAsync(TestFleet fleet, string name, params string[] spaces)
    {
        var request = new Wire.RegisterDeviceRequest
        {
            Name = name,
            Description = new Wire.DeviceDescription { CpuModel = "Test CPU", CpuCores = 4, Os = "linux", Architecture = "x64" },
        };
        request.Spaces.Add(spaces);
        var response = await fleet.Operator.RegisterDeviceAsync(request);
        return new Registered(response.Device, response.AgentToken);
    }

    public static async Task<Registered> RegisterAndEnrollAsync(TestFleet fleet, string name, params string[] spaces)
    {
        var registered = await RegisterAsync(fleet, name, spaces);
        await fleet.Agent(registered.AgentToken).EnrollAsync(new Wire.EnrollRequest
        {
            AgentVersion = "test/1",
            Mode = "measure",
            Description = new Wire.DeviceDescription { CpuCores = 8 },
        });
        return registered;
    }

    /// <summary>Opens a job stream and reads exactly <paramref name="count"/> jobs, then closes it.</summary>
    public static async Task<List<Wire.Job>> TakeAsync(TestFleet fleet, string agentToken, int count, int concurrency, double timeoutSeconds = 10)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        using var call = fleet.Agent(agentToken).TakeJobs(new Wire.TakeJobsRequest { Concurrency = concurrency }, cancellationToken: cts.Token);
        var jobs = new List<Wire.Job>();
        while (jobs.Count < count && await call.ResponseStream.MoveNext(cts.Token)) jobs.Add(call.ResponseStream.Current);
        return jobs;
    }

    /// <summary>Jobs that arrive on a stream within <paramref name="window"/> (the stream stays open that long).</summary>
    public static async Task<List<Wire.Job>> TakeForAsync(TestFleet fleet, string agentToken, int concurrency, TimeSpan window)
    {
        using var cts = new CancellationTokenSource(window);
        using var call = fleet.Agent(agentToken).TakeJobs(new Wire.TakeJobsRequest { Concurrency = concurrency }, cancellationToken: cts.Token);
        var jobs = new List<Wire.Job>();
        try
        {
            while (await call.ResponseStream.MoveNext(cts.Token)) jobs.Add(call.ResponseStream.Current);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Cancelled or StatusCode.DeadlineExceeded)
        {
        }
        catch (OperationCanceledException)
        {
        }
        return jobs;
    }

    /// <summary>A plausible measurement of a job's design.</summary>
    public static Wire.MeasurementReport ReportFor(Wire.Job job, double medianMs = 12.5) => new()
    {
        JobId = job.Id,
        Measurement = MeasurementOf(job.Design, medianMs),
    };

    public static Wire.Measurement MeasurementOf(Wire.Design design, double medianMs = 12.5) => new()
    {
        Design = design.Clone(),
        Latency = new Wire.LatencyStats { MedianMs = medianMs, P90Ms = medianMs * 1.1, MeanMs = medianMs, StdevMs = 0.4, Runs = 50 },
        Provenance = Wire.Provenance.Measured,
        Context = new Wire.MeasurementContext { Runtime = "onnxruntime 1.31.1", ExecutionProvider = "CPUExecutionProvider", BatchSize = 1 },
    };

    public static Wire.ReportMeasurementsRequest Batch(string key, params Wire.MeasurementReport[] reports)
    {
        var request = new Wire.ReportMeasurementsRequest { IdempotencyKey = key };
        request.Reports.Add(reports);
        return request;
    }

    public static async Task<List<Wire.Measurement>> MeasurementsAsync(TestFleet fleet, string deviceId)
    {
        using var call = fleet.Operator.ListMeasurements(new Wire.ListMeasurementsRequest { DeviceId = deviceId });
        var list = new List<Wire.Measurement>();
        while (await call.ResponseStream.MoveNext(TestTimeout.Token())) list.Add(call.ResponseStream.Current);
        return list;
    }

    public static async Task<List<Wire.Job>> JobsAsync(TestFleet fleet, string deviceId, Wire.JobState state = Wire.JobState.Unspecified) =>
        (await fleet.Operator.ListJobsAsync(new Wire.ListJobsRequest { DeviceId = deviceId, State = state })).Jobs.ToList();
}

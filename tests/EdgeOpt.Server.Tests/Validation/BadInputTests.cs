using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Core;
using Grpc.Health.V1;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Validation;

/// <summary>
/// Each kind of bad input gets a precise status and a message naming the field (and the allowed values),
/// and the server keeps serving afterwards.
/// </summary>
public sealed class BadInputTests
{
    /// <summary>A server with one enrolled device holding one leased job, and a second device's agent.</summary>
    public sealed record Setup(TestFleet Fleet, Scenario.Registered Device, Wire.Job Leased, Scenario.Registered Other)
    {
        public Wire.Agent.AgentClient Agent => Fleet.Agent(Device.AgentToken);
        public Wire.Fleet.FleetClient Operator => Fleet.Operator;

        public Task Report(params Wire.MeasurementReport[] reports) =>
            Agent.ReportMeasurementsAsync(Scenario.Batch(Guid.NewGuid().ToString("N"), reports)).ResponseAsync;

        /// <summary>Reports the leased job with one change applied to its measurement.</summary>
        public Task ReportLeased(Action<Wire.Measurement> change)
        {
            var report = Scenario.ReportFor(Leased);
            change(report.Measurement);
            return Report(report);
        }
    }

    public sealed record Case(string Name, Func<Setup, Task> Call, StatusCode Code, string MessagePart)
    {
        public override string ToString() => Name;
    }

    private const int MaxBatch = 5;
    private const int MaxMessageBytes = 64 * 1024;

    private static readonly string ValidNb201 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";

    public static TheoryData<Case> Cases() => new()
    {
        // Fleet
        new("register: empty name", s => s.Operator.RegisterDeviceAsync(new Wire.RegisterDeviceRequest { Name = " " }).ResponseAsync,
            StatusCode.InvalidArgument, "name is required"),
        new("register: unknown space", s => s.Operator.RegisterDeviceAsync(new Wire.RegisterDeviceRequest { Name = "x", Spaces = { "nb201", "resnet" } }).ResponseAsync,
            StatusCode.InvalidArgument, "spaces[1] 'resnet' is not a known search space; allowed: nb201, fbnet"),
        new("register: negative cores", s => s.Operator.RegisterDeviceAsync(new Wire.RegisterDeviceRequest
            { Name = "x", Description = new Wire.DeviceDescription { CpuCores = -2 } }).ResponseAsync,
            StatusCode.InvalidArgument, "description.cpu_cores is -2"),
        new("register: message over the receive limit", s => s.Operator.RegisterDeviceAsync(new Wire.RegisterDeviceRequest
            { Name = "x", Description = new Wire.DeviceDescription { Accelerator = new string('a', MaxMessageBytes + 10) } }).ResponseAsync,
            StatusCode.ResourceExhausted, "message"),
        new("get: missing device id", s => s.Operator.GetDeviceAsync(new Wire.GetDeviceRequest()).ResponseAsync,
            StatusCode.InvalidArgument, "device_id is required"),
        new("get: unknown device", s => s.Operator.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = "dev_nope" }).ResponseAsync,
            StatusCode.NotFound, "device 'dev_nope' not found"),
        new("retire: unknown device", s => s.Operator.RetireDeviceAsync(new Wire.RetireDeviceRequest { DeviceId = "dev_nope" }).ResponseAsync,
            StatusCode.NotFound, "dev_nope"),
        new("list jobs: state outside the enum", s => s.Operator.ListJobsAsync(new Wire.ListJobsRequest { State = (Wire.JobState)42 }).ResponseAsync,
            StatusCode.InvalidArgument, "state 42 is not a job state; allowed:"),
        new("list measurements: unknown space", s => Drain(s.Operator.ListMeasurements(new Wire.ListMeasurementsRequest { Space = "nb301" })),
            StatusCode.InvalidArgument, "space 'nb301' is not a known search space"),
        new("issue token: unspecified role", s => s.Operator.IssueTokenAsync(new Wire.IssueTokenRequest()).ResponseAsync,
            StatusCode.InvalidArgument, "role is ROLE_UNSPECIFIED; allowed: ROLE_OPERATOR, ROLE_AGENT, ROLE_DEVELOPER"),
        new("issue token: agent without device", s => s.Operator.IssueTokenAsync(new Wire.IssueTokenRequest { Role = Wire.Role.Agent }).ResponseAsync,
            StatusCode.InvalidArgument, "device_id is required for ROLE_AGENT"),
        new("issue token: agent for unknown device", s => s.Operator.IssueTokenAsync(new Wire.IssueTokenRequest { Role = Wire.Role.Agent, DeviceId = "dev_nope" }).ResponseAsync,
            StatusCode.NotFound, "device 'dev_nope' not found"),
        new("revoke: unknown token", s => s.Operator.RevokeTokenAsync(new Wire.RevokeTokenRequest { TokenId = "tok_nope" }).ResponseAsync,
            StatusCode.NotFound, "token 'tok_nope' not found"),

        // Agent: enrollment and the job stream
        new("enroll: unknown mode", s => s.Agent.EnrollAsync(new Wire.EnrollRequest { Mode = "simulate" }).ResponseAsync,
            StatusCode.InvalidArgument, "mode 'simulate' is not known; allowed: measure, replay"),
        new("take jobs: negative concurrency", s => Drain(s.Agent.TakeJobs(new Wire.TakeJobsRequest { Concurrency = -1 })),
            StatusCode.InvalidArgument, "concurrency is -1; allowed: 1..64"),
        new("take jobs: before enrollment", s => Drain(s.Fleet.Agent(s.Other.AgentToken).TakeJobs(new Wire.TakeJobsRequest())),
            StatusCode.FailedPrecondition, "has not enrolled; call Agent.Enroll first"),
        new("heartbeat: unknown job", s => s.Agent.HeartbeatAsync(new Wire.HeartbeatRequest { RunningJobIds = { "job_nope" } }).ResponseAsync,
            StatusCode.NotFound, "running_job_ids[0]: job 'job_nope' not found"),
        new("job failure: missing reason", s => s.Agent.ReportJobFailureAsync(new Wire.ReportJobFailureRequest { JobId = s.Leased.Id }).ResponseAsync,
            StatusCode.InvalidArgument, "reason is required"),
        new("job failure: job not leased", s => QueuedJobFailure(s),
            StatusCode.FailedPrecondition, "is queued, not leased"),

        // Agent: measurement batches
        new("report: missing idempotency key", s => s.Agent.ReportMeasurementsAsync(new Wire.ReportMeasurementsRequest { Reports = { Scenario.ReportFor(s.Leased) } }).ResponseAsync,
            StatusCode.InvalidArgument, "idempotency_key is required"),
        new("report: empty batch", s => s.Report(),
            StatusCode.InvalidArgument, "reports is empty"),
        new("report: oversized batch", s => s.Report(Enumerable.Range(0, MaxBatch + 1).Select(_ => Scenario.ReportFor(s.Leased)).ToArray()),
            StatusCode.ResourceExhausted, $"reports has {MaxBatch + 1} entries; at most {MaxBatch} per batch"),
        new("report: missing measurement", s => s.Report(new Wire.MeasurementReport { JobId = s.Leased.Id }),
            StatusCode.InvalidArgument, "reports[0].measurement is required"),
        new("report: malformed architecture", s => s.ReportLeased(m => m.Design.Arch = "|nor_conv_3x3~0|+|conv_7x7~0|"),
            StatusCode.InvalidArgument, "reports[0].measurement.design.arch is not a valid 'nb201' architecture"),
        new("report: unknown search space", s => s.ReportLeased(m => m.Design.Space = "darts"),
            StatusCode.InvalidArgument, "reports[0].measurement.design.space 'darts' is not a known search space; allowed: nb201, fbnet"),
        new("report: wrong number of precisions", s => s.ReportLeased(m => { m.Design.Precisions.Clear(); m.Design.Precisions.Add(Wire.Precision.Int8); }),
            StatusCode.InvalidArgument, "precisions has 1 entries; space 'nb201' takes 0 (all fp32) or 3"),
        new("report: missing latency", s => s.ReportLeased(m => m.Latency = null),
            StatusCode.InvalidArgument, "reports[0].measurement.latency is required"),
        new("report: NaN latency", s => s.ReportLeased(m => m.Latency.MedianMs = double.NaN),
            StatusCode.InvalidArgument, "reports[0].measurement.latency.median_ms is NaN"),
        new("report: negative latency", s => s.ReportLeased(m => m.Latency.MedianMs = -3),
            StatusCode.InvalidArgument, "median_ms is -3; allowed: a finite latency above 0"),
        new("report: zero latency", s => s.ReportLeased(m => m.Latency.MedianMs = 0),
            StatusCode.InvalidArgument, "median_ms is 0"),
        new("report: latency over an hour", s => s.ReportLeased(m => m.Latency.MedianMs = 3_600_001),
            StatusCode.InvalidArgument, "at most 3600000 ms (one hour)"),
        new("report: infinite p90", s => s.ReportLeased(m => m.Latency.P90Ms = double.PositiveInfinity),
            StatusCode.InvalidArgument, "latency.p90_ms is Infinity"),
        new("report: zero runs", s => s.ReportLeased(m => m.Latency.Runs = 0),
            StatusCode.InvalidArgument, "latency.runs is 0; allowed: 1 or more"),
        new("report: negative energy", s => s.ReportLeased(m => m.Energy = new Wire.EnergyStats { TotalMj = -1, Samples = 3, Meter = "rapl" }),
            StatusCode.InvalidArgument, "energy.total_mj is -1"),
        new("report: unspecified provenance", s => s.ReportLeased(m => m.Provenance = Wire.Provenance.Unspecified),
            StatusCode.InvalidArgument, "provenance is Unspecified; allowed: PROVENANCE_MEASURED, PROVENANCE_REPLAYED"),
        new("report: unknown job", s => s.Report(new Wire.MeasurementReport { JobId = "job_nope", Measurement = Scenario.MeasurementOf(s.Leased.Design) }),
            StatusCode.NotFound, "reports[0].job_id: job 'job_nope' not found"),
        new("report: design differs from the job's", s => s.ReportLeased(m => m.Design.Arch = ValidNb201),
            StatusCode.InvalidArgument, "does not match job"),
        new("report: job that is queued, not leased", s => ReportQueuedJob(s),
            StatusCode.FailedPrecondition, "is queued, not leased"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_GetsAPreciseStatus_AndTheServerKeepsServing(Case @case)
    {
        await using var fleet = await TestFleet.StartAsync(o =>
        {
            o.MaxReportsPerBatch = MaxBatch;
            o.MaxReceiveMessageSize = MaxMessageBytes;
        });
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "device");
        var other = await Scenario.RegisterAsync(fleet, "other");
        var leased = (await Scenario.TakeAsync(fleet, device.AgentToken, 1, 1)).Single();
        var setup = new Setup(fleet, device, leased, other);

        var e = await Assert.ThrowsAsync<RpcException>(() => @case.Call(setup));

        Assert.Equal(@case.Code, e.StatusCode);
        Assert.Contains(@case.MessagePart, e.Status.Detail);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await fleet.HealthAsync());
        Assert.Empty(await Scenario.MeasurementsAsync(fleet, device.Id));
        Assert.Equal(Wire.JobState.Leased, (await Scenario.JobsAsync(fleet, device.Id)).Single(j => j.Id == leased.Id).State);
        var good = await setup.Agent.ReportMeasurementsAsync(Scenario.Batch("good", Scenario.ReportFor(leased)));
        Assert.Equal(1, good.Accepted);
    }

    [Fact]
    public async Task UnexpectedFailure_IsInternalWithoutDetails_AndTheServerKeepsServing()
    {
        await using var fleet = await TestFleet.StartAsync(configureBuilder: b =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions
                .AddSingleton<EdgeOpt.Server.Jobs.ISignatureSetProvider, ThrowingSignatureSets>(b.Services));
        var device = await Scenario.RegisterAsync(fleet, "device");

        var e = await Assert.ThrowsAsync<RpcException>(() => fleet.Agent(device.AgentToken).EnrollAsync(new Wire.EnrollRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.DoesNotContain("disk on fire", e.Status.Detail);
        Assert.Contains(fleet.Logs.Lines, l => l.Contains("disk on fire"));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await fleet.HealthAsync());
        Assert.Empty(await Scenario.JobsAsync(fleet, device.Id));
    }

    private sealed class ThrowingSignatureSets : EdgeOpt.Server.Jobs.ISignatureSetProvider
    {
        public IReadOnlyList<string> SignatureSet(string space) => throw new InvalidOperationException("disk on fire");
    }

    private static async Task Drain<T>(AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            while (await call.ResponseStream.MoveNext(TestTimeout.Token())) { }
        }
    }

    /// <summary>Makes the leased job's sibling queued-and-never-leased, then reports it.</summary>
    private static async Task ReportQueuedJob(Setup s)
    {
        var queued = (await Scenario.JobsAsync(s.Fleet, s.Device.Id, Wire.JobState.Queued)).First();
        await s.Report(Scenario.ReportFor(queued));
    }

    private static async Task QueuedJobFailure(Setup s)
    {
        var queued = (await Scenario.JobsAsync(s.Fleet, s.Device.Id, Wire.JobState.Queued)).First();
        await s.Agent.ReportJobFailureAsync(new Wire.ReportJobFailureRequest { JobId = queued.Id, Reason = "x" });
    }
}

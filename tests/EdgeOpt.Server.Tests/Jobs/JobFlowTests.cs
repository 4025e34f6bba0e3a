using EdgeOpt.Core.Spaces;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Jobs;
using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Jobs;

public sealed class JobFlowTests
{
    [Fact]
    public async Task Enroll_QueuesTheSignatureSetOfEachRegisteredSpace_Once()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a", "nb201", "fbnet");
        var provider = fleet.Service<ISignatureSetProvider>();

        await fleet.Agent(device.AgentToken).EnrollAsync(new Wire.EnrollRequest()); // an agent restart enrolls again
        var jobs = await Scenario.JobsAsync(fleet, device.Id);

        Assert.Equal(20, jobs.Count);
        Assert.All(jobs, j =>
        {
            Assert.Equal(Wire.JobPurpose.Signature, j.Purpose);
            Assert.Equal(Wire.JobState.Queued, j.State);
            Assert.Equal(device.Id, j.DeviceId);
            Assert.True(SearchSpaces.Get(j.Design.Space).TryParse(j.Design.Arch, out _, out var error), error);
        });
        Assert.Equal(provider.SignatureSet("nb201"), jobs.Where(j => j.Design.Space == "nb201").Select(j => j.Design.Arch));
        Assert.Equal(provider.SignatureSet("fbnet"), jobs.Where(j => j.Design.Space == "fbnet").Select(j => j.Design.Arch));
    }

    [Fact]
    public async Task Register_WithoutSpaces_MeasuresNb201()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");

        var jobs = await Scenario.JobsAsync(fleet, device.Id);

        Assert.Equal(10, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("nb201", j.Design.Space));
    }

    [Fact]
    public async Task TakeJobs_LeasesAtMostConcurrency_ThenSendsTheNextWhenOneIsReported()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");
        var agent = fleet.Agent(device.AgentToken);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var stream = agent.TakeJobs(new Wire.TakeJobsRequest { Concurrency = 2 }, cancellationToken: cts.Token);

        var first = await Next(stream, cts.Token);
        var second = await Next(stream, cts.Token);
        var third = Next(stream, cts.Token);
        await Task.Delay(300);
        bool thirdBeforeReport = third.IsCompleted;
        await agent.ReportMeasurementsAsync(Scenario.Batch("b1", Scenario.ReportFor(first)));
        var thirdJob = await third.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(thirdBeforeReport, "a third job arrived while two were leased");
        Assert.Equal(Wire.JobState.Leased, first.State);
        Assert.True(first.LeaseExpiresUnixMs > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(3, new[] { first.Id, second.Id, thirdJob.Id }.Distinct().Count());
        Assert.Equal(2, (await Scenario.JobsAsync(fleet, device.Id, Wire.JobState.Leased)).Count);
        Assert.True(first.Settings.MinRuns > 0);
    }

    [Fact]
    public async Task TakeJobs_OpenStream_ReceivesJobsQueuedLaterThroughTheScheduler()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");
        var signature = await Scenario.TakeAsync(fleet, device.AgentToken, 10, 10);
        await fleet.Agent(device.AgentToken).ReportMeasurementsAsync(
            Scenario.Batch("all", signature.Select(j => Scenario.ReportFor(j)).ToArray()));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var stream = fleet.Agent(device.AgentToken).TakeJobs(new Wire.TakeJobsRequest { Concurrency = 1 }, cancellationToken: cts.Token);
        var pending = Next(stream, cts.Token);
        await Task.Delay(200);

        var design = DesignRules.Normalize("nb201", "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|", [], "design");
        var queued = fleet.Service<IJobScheduler>().Enqueue(device.Id, [new JobSpec(design, JobPurpose.Verification)]);
        var delivered = await pending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(queued.Single().Id, delivered.Id);
        Assert.Equal(Wire.JobPurpose.Verification, delivered.Purpose);
        Assert.Equal(design.Arch, delivered.Design.Arch);
        Assert.Equal(["nb201"], (await fleet.Operator.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = device.Id })).FeaturedSpaces);
    }

    [Fact]
    public async Task ReportMeasurements_SameBatchTwice_AppliedOnceAndAnsweredTheSame()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");
        var jobs = await Scenario.TakeAsync(fleet, device.AgentToken, 2, 2);
        var batch = Scenario.Batch("batch-1", jobs.Select(j => Scenario.ReportFor(j)).ToArray());
        var agent = fleet.Agent(device.AgentToken);

        var first = await agent.ReportMeasurementsAsync(batch);
        var retried = await agent.ReportMeasurementsAsync(batch);

        Assert.Equal(2, first.Accepted);
        Assert.Equal(0, first.Duplicates);
        Assert.Equal(first, retried);
        Assert.Equal(2, (await Scenario.MeasurementsAsync(fleet, device.Id)).Count);
        Assert.Equal(2, (await Scenario.JobsAsync(fleet, device.Id, Wire.JobState.Done)).Count);
    }

    [Fact]
    public async Task ReportMeasurements_SameJobInAnotherBatchOrTwiceInOne_CountsAsDuplicate()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");
        var jobs = await Scenario.TakeAsync(fleet, device.AgentToken, 2, 2);
        var agent = fleet.Agent(device.AgentToken);

        var first = await agent.ReportMeasurementsAsync(Scenario.Batch("k1", Scenario.ReportFor(jobs[0], 10)));
        var second = await agent.ReportMeasurementsAsync(Scenario.Batch("k2",
            Scenario.ReportFor(jobs[0], 99), Scenario.ReportFor(jobs[1], 11), Scenario.ReportFor(jobs[1], 12)));
        var measurements = await Scenario.MeasurementsAsync(fleet, device.Id);

        Assert.Equal((1, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((1, 2), (second.Accepted, second.Duplicates));
        Assert.Equal([10.0, 11.0], measurements.Select(m => m.Latency.MedianMs));
        Assert.Equal([jobs[0].Id, jobs[1].Id], measurements.Select(m => m.JobId));
        Assert.All(measurements, m => Assert.Equal(device.Id, m.DeviceId));
    }

    [Fact]
    public async Task ReportMeasurements_AdHocWithoutJob_StoredForTheCallersDevice()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");
        var design = new Wire.Design { Space = "fbnet", Arch = string.Join(" ", Enumerable.Repeat("k3_e1", 22)) };

        var response = await fleet.Agent(device.AgentToken).ReportMeasurementsAsync(
            Scenario.Batch("adhoc", new Wire.MeasurementReport { Measurement = Scenario.MeasurementOf(design, 3.25) }));
        var stored = (await Scenario.MeasurementsAsync(fleet, device.Id)).Single();

        Assert.Equal(1, response.Accepted);
        Assert.Equal("", stored.JobId);
        Assert.Equal(device.Id, stored.DeviceId);
        Assert.Equal(22, stored.Design.Precisions.Count);
        Assert.True(stored.MeasuredUnixMs > 0);
    }

    [Fact]
    public async Task ExpiredLease_ReturnsTheJobToTheQueueWithAnAttempt_AndFailsItAfterMaxAttempts()
    {
        await using var fleet = await TestFleet.StartAsync(o =>
        {
            o.LeaseDuration = TimeSpan.FromMilliseconds(400);
            o.LeaseSweepInterval = TimeSpan.FromMilliseconds(50);
            o.MaxJobAttempts = 2;
        });
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");

        var firstLease = (await Scenario.TakeAsync(fleet, device.AgentToken, 1, 1)).Single();
        var requeued = await WaitForJobAsync(fleet, device.Id, firstLease.Id, j => j.State == Wire.JobState.Queued);
        var secondLease = (await Scenario.TakeAsync(fleet, device.AgentToken, 1, 1)).Single();
        var failed = await WaitForJobAsync(fleet, device.Id, firstLease.Id, j => j.State == Wire.JobState.Failed);

        Assert.Equal(0, firstLease.Attempts);
        Assert.Equal(1, requeued.Attempts);
        Assert.Equal(firstLease.Id, secondLease.Id); // oldest queued job first
        Assert.Equal(1, secondLease.Attempts);
        Assert.Equal(2, failed.Attempts);
    }

    [Fact]
    public async Task Heartbeat_NamingARunningJob_KeepsItsLease()
    {
        await using var fleet = await TestFleet.StartAsync(o =>
        {
            // A lease long enough that one heartbeat delayed by a loaded machine (CI runs test projects side by side)
            // does not lose it; the loop still outlives it more than twice.
            o.LeaseDuration = TimeSpan.FromMilliseconds(3000);
            o.LeaseSweepInterval = TimeSpan.FromMilliseconds(50);
        });
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");
        var job = (await Scenario.TakeAsync(fleet, device.AgentToken, 1, 1)).Single();
        var agent = fleet.Agent(device.AgentToken);

        // About 2.4 lease durations in all, with a heartbeat every tenth of one.
        for (int i = 0; i < 24; i++)
        {
            await agent.HeartbeatAsync(new Wire.HeartbeatRequest { RunningJobIds = { job.Id } });
            await Task.Delay(300);
        }
        var state = (await Scenario.JobsAsync(fleet, device.Id)).Single(j => j.Id == job.Id);

        Assert.Equal(Wire.JobState.Leased, state.State);
        Assert.Equal(0, state.Attempts);
        var response = await agent.ReportMeasurementsAsync(Scenario.Batch("late", Scenario.ReportFor(job)));
        Assert.Equal(1, response.Accepted);
    }

    [Fact]
    public async Task ReportJobFailure_RetryableGoesBackToTheQueue_OtherwiseFails()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");
        var jobs = await Scenario.TakeAsync(fleet, device.AgentToken, 2, 2);
        var agent = fleet.Agent(device.AgentToken);

        var retry = await agent.ReportJobFailureAsync(new Wire.ReportJobFailureRequest { JobId = jobs[0].Id, Reason = "out of memory", Retryable = true });
        var fail = await agent.ReportJobFailureAsync(new Wire.ReportJobFailureRequest { JobId = jobs[1].Id, Reason = "op not supported" });
        var all = await Scenario.JobsAsync(fleet, device.Id);

        Assert.Equal(Wire.JobState.Queued, retry.State);
        Assert.Equal(Wire.JobState.Failed, fail.State);
        Assert.Equal(1, all.Single(j => j.Id == jobs[0].Id).Attempts);
    }

    [Fact]
    public async Task ManyAgentsReportingAtOnce_EveryJobAppliedExactlyOnce()
    {
        await using var fleet = await TestFleet.StartAsync();
        var devices = new List<Scenario.Registered>();
        for (int i = 0; i < 6; i++) devices.Add(await Scenario.RegisterAndEnrollAsync(fleet, $"d{i}"));
        var leased = await Task.WhenAll(devices.Select(d => Scenario.TakeAsync(fleet, d.AgentToken, 10, 10)));

        // Every job reported twice, under two keys, all at once, with reads in between.
        var sends = devices.Zip(leased).SelectMany(pair => pair.Second.SelectMany(job => new[]
        {
            fleet.Agent(pair.First.AgentToken).ReportMeasurementsAsync(Scenario.Batch($"{job.Id}-a", Scenario.ReportFor(job))).ResponseAsync,
            fleet.Agent(pair.First.AgentToken).ReportMeasurementsAsync(Scenario.Batch($"{job.Id}-b", Scenario.ReportFor(job))).ResponseAsync,
        })).ToList();
        var reads = Enumerable.Range(0, 10).Select(_ => fleet.Operator.ListDevicesAsync(new Wire.ListDevicesRequest()).ResponseAsync).ToList();
        var responses = await Task.WhenAll(sends);
        await Task.WhenAll(reads);

        Assert.Equal(60, responses.Sum(r => r.Accepted));
        Assert.Equal(60, responses.Sum(r => r.Duplicates));
        foreach (var device in devices)
        {
            Assert.Equal(10, (await Scenario.MeasurementsAsync(fleet, device.Id)).Count);
            Assert.Equal(["nb201"], (await fleet.Operator.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = device.Id })).FeaturedSpaces);
        }
    }

    [Fact]
    public async Task OpenJobStream_EndsWhenTheDeviceIsRetired()
    {
        await using var fleet = await TestFleet.StartAsync();
        var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var stream = fleet.Agent(device.AgentToken).TakeJobs(new Wire.TakeJobsRequest { Concurrency = 1 }, cancellationToken: cts.Token);
        await Next(stream, cts.Token);

        await fleet.Operator.RetireDeviceAsync(new Wire.RetireDeviceRequest { DeviceId = device.Id });
        bool more = await stream.ResponseStream.MoveNext(cts.Token).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(more);
        Assert.Equal(StatusCode.OK, stream.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Stopping_WithAnOpenJobStream_EndsTheStreamPromptly()
    {
        var fleet = await TestFleet.StartAsync();
        await using (fleet)
        {
            var device = await Scenario.RegisterAndEnrollAsync(fleet, "a");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var stream = fleet.Agent(device.AgentToken).TakeJobs(new Wire.TakeJobsRequest { Concurrency = 10 }, cancellationToken: cts.Token);
            for (int i = 0; i < 10; i++) await Next(stream, cts.Token);
            var reading = stream.ResponseStream.MoveNext(cts.Token);

            var watch = System.Diagnostics.Stopwatch.StartNew();
            await fleet.App.StopAsync(TestTimeout.Token());

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {watch.Elapsed}");
            Assert.False(await reading.WaitAsync(TimeSpan.FromSeconds(5)));
        }
    }

    private static async Task<Wire.Job> Next(AsyncServerStreamingCall<Wire.Job> stream, CancellationToken ct) =>
        await stream.ResponseStream.MoveNext(ct) ? stream.ResponseStream.Current : throw new InvalidOperationException("the job stream ended");

    private static async Task<Wire.Job> WaitForJobAsync(TestFleet fleet, string deviceId, string jobId, Func<Wire.Job, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var job = (await Scenario.JobsAsync(fleet, deviceId)).Single(j => j.Id == jobId);
            if (condition(job)) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId} stayed {job.State} (attempts {job.Attempts})");
            await Task.Delay(50);
        }
    }
}

using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Optimization;

[Collection(OptimizerCollection.Name)]
public sealed class VerifyOnDeviceTests
{
    [Fact]
    public async Task Verify_WithoutAConnectedAgent_IsFailedPreconditionNamingTheDevice()
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        var device = await OptimizerFleet.MeasuredDeviceAsync(fleet, "idle");
        var request = OptimizerFleet.Request(device.Id, 5.0);
        request.VerifyOnDevice = true;

        var error = await Assert.ThrowsAsync<RpcException>(() => fleet.Optimizer(TestFleet.OperatorSecret).OptimizeAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"device '{device.Id}' has no connected agent", error.Status.Detail);
    }

    [Fact]
    public async Task Verify_MeasuredWithinBudget_CarriesTheMeasuredLatency()
    {
        // At confidence 0.5 an unmeasured design can win over the measured signature designs, so a job is queued.
        await using var fleet = await OptimizerFleet.StartAsync(o => o.Confidence = 0.5);
        var device = await OptimizerFleet.MeasuredDeviceAsync(fleet, "fast");
        await using var agent = AnsweringAgent.Start(fleet, device, measured: (_, n) => 2.5);
        var request = OptimizerFleet.Request(device.Id, 5.0);
        request.VerifyOnDevice = true;

        var response = await fleet.Optimizer(TestFleet.OperatorSecret).OptimizeAsync(request);

        var answer = Assert.Single(response.Designs);
        Assert.Equal(2.5, answer.VerifiedLatency.MedianMs);
        Assert.Contains(response.Notes, n => n.StartsWith("verified: measured 2.5 ms within the 5 ms budget", StringComparison.Ordinal));
        Assert.Equal(1, agent.Answered);
    }

    [Fact]
    public async Task Verify_MeasuredOverBudget_ReoptimizesOnceAndAnswersADesignMeasuredWithinBudget()
    {
        await using var fleet = await OptimizerFleet.StartAsync(o => o.Confidence = 0.5);
        var device = await OptimizerFleet.MeasuredDeviceAsync(fleet, "slow");
        // The first design runs twice the budget; the re-optimized one fits.
        await using var agent = AnsweringAgent.Start(fleet, device, measured: (_, n) => n == 0 ? 10.0 : 4.0);
        var request = OptimizerFleet.Request(device.Id, 5.0);
        request.VerifyOnDevice = true;

        var response = await fleet.Optimizer(TestFleet.OperatorSecret).OptimizeAsync(request);

        Assert.Contains(response.Notes, n => n.StartsWith("verification failed:", StringComparison.Ordinal) && n.Contains("measured 10 ms against 5 ms"));
        Assert.Contains(response.Notes, n => n.StartsWith("re-optimized at confidence", StringComparison.Ordinal));
        var answer = Assert.Single(response.Designs);
        Assert.NotEqual(agent.Designs[0], answer.Design.Arch);
        // The re-optimized design was measured now (4 ms) or earlier (a signature design): either way within budget.
        Assert.True(answer.VerifiedLatency.MedianMs <= 5.0, $"answer measured {answer.VerifiedLatency.MedianMs} ms");
        Assert.Contains(response.Notes, n => n.StartsWith("verified: measured", StringComparison.Ordinal) || n.StartsWith("fallback:", StringComparison.Ordinal));
    }

    /// <summary>Plays a device's agent: keeps a job stream open and reports each verification job with a chosen median.</summary>
    private sealed class AnsweringAgent : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly List<string> _designs = [];

        private AnsweringAgent(TestFleet fleet, Scenario.Registered device, Func<Wire.Job, int, double> measured)
        {
            _loop = Task.Run(async () =>
            {
                var client = fleet.Agent(device.AgentToken);
                using var call = client.TakeJobs(new Wire.TakeJobsRequest { Concurrency = 1 }, deadline: DateTime.UtcNow.AddMinutes(1), cancellationToken: _stop.Token);
                try
                {
                    while (await call.ResponseStream.MoveNext(_stop.Token))
                    {
                        var job = call.ResponseStream.Current;
                        var value = measured(job, _designs.Count);
                        lock (_designs) _designs.Add(job.Design.Arch);
                        await client.ReportMeasurementsAsync(Scenario.Batch(job.Id, Scenario.ReportFor(job, value)));
                    }
                }
                catch (Exception e) when (e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled })
                {
                }
            });
        }

        public int Answered
        {
            get { lock (_designs) return _designs.Count; }
        }

        public IReadOnlyList<string> Designs
        {
            get { lock (_designs) return _designs.ToArray(); }
        }

        public static AnsweringAgent Start(TestFleet fleet, Scenario.Registered device, Func<Wire.Job, int, double> measured)
        {
            var agent = new AnsweringAgent(fleet, device, measured);
            Assert.True(SpinWait.SpinUntil(
                () => fleet.Service<global::EdgeOpt.Server.Optimization.AgentPresence>().IsConnected(device.Id), TimeSpan.FromSeconds(10)),
                "the agent's job stream did not open");
            return agent;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (RpcException)
            {
            }
            _stop.Dispose();
        }
    }
}

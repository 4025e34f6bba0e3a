using EdgeOpt.Agent.Tests.Support;
using EdgeOpt.Contracts.V1;

namespace EdgeOpt.Agent.Tests;

/// <summary>The assembled agent (options to worker) in measure mode, against the in-process server.</summary>
public sealed class AgentHostTests
{
    private const string Arch = "|nor_conv_1x1~0|+|skip_connect~0|nor_conv_3x3~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_1x1~2|";

    [Fact]
    public async Task Run_MeasureMode_EnrollsWithThisMachinesDescriptionAndReportsAMeasuredGeneratedModel()
    {
        await using var server = await FakeAgentServer.StartAsync(new FakeAgentService());
        server.Service.Queue("job-m", Arch);
        var options = new AgentOptions
        {
            Server = server.Address.ToString(),
            Token = "secret",
            EnergyMeter = "none",
            HeartbeatSeconds = 0.5,
            LogLevel = "warning",
        };
        Assert.Empty(options.Validate());
        using var stop = new CancellationTokenSource();

        var run = AgentHost.RunAsync(options, stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (server.Service.Reports.IsEmpty && !run.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(50);
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));

        var enrollment = Assert.Single(server.Service.Enrollments);
        Assert.Equal("measure", enrollment.Mode);
        Assert.Contains("CPUExecutionProvider", enrollment.Description.ExecutionProviders);
        var m = Assert.Single(Assert.Single(server.Service.Reports).Reports).Measurement;
        Assert.Equal(Provenance.Measured, m.Provenance);
        Assert.InRange(m.Latency.Runs, 2, 3);
        Assert.True(m.Latency.MedianMs > 0);
        Assert.Null(m.Energy);
        Assert.Equal(FakeAgentService.DeviceId, m.DeviceId);
    }
}

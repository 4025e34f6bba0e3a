using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Tests.Support;

namespace EdgeOpt.Agent.Tests.Energy;

public sealed class QuietIdleWindowTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(150);

    [Fact]
    public void Measure_AgentQuiet_OneWindowGivesTheMetersIdlePower()
    {
        var idle = new QuietIdleWindow(processCpu: () => TimeSpan.FromSeconds(7)).Measure(new ConstantPowerMeter(4), Window, CancellationToken.None);

        Assert.Equal((1, true, TimeSpan.Zero), (idle.Attempts, idle.Quiet, idle.ProcessCpu));
        Assert.Equal(4.0, idle.Reading.Watts, 1);
        Assert.InRange(idle.Reading.Elapsed, Window, Window * 20);
    }

    [Fact]
    public void Measure_AgentBusyInTheFirstWindow_MeasuresAgainAndKeepsTheQuietWindow()
    {
        // The process clock is read before and after each window: 0 -> 0.1 s (busy: 67 % of a core), then 0.1 -> 0.1 s.
        var cpu = new Queue<double>([0, 0.1, 0.1, 0.1]);
        var idle = new QuietIdleWindow(processCpu: () => TimeSpan.FromSeconds(cpu.Dequeue())).Measure(new ConstantPowerMeter(4), Window, CancellationToken.None);

        Assert.Equal((2, true, TimeSpan.Zero), (idle.Attempts, idle.Quiet, idle.ProcessCpu));
        Assert.Empty(cpu);
    }

    [Fact]
    public void Measure_AgentBusyInEveryWindow_KeepsTheQuietestAndSaysItWasNotQuiet()
    {
        var cpu = new Queue<double>([0, 0.10, 1, 1.05, 2, 2.08]);
        var idle = new QuietIdleWindow(processCpu: () => TimeSpan.FromSeconds(cpu.Dequeue())).Measure(new ConstantPowerMeter(4), Window, CancellationToken.None);

        Assert.Equal((QuietIdleWindow.MaxAttempts, false), (idle.Attempts, idle.Quiet));
        Assert.Equal(0.05, idle.ProcessCpu.TotalSeconds, 6);
        Assert.True(idle.CpuFraction > QuietIdleWindow.MaxCpuFraction, $"{idle.CpuFraction}");
    }

    [Fact]
    public void Measure_WorkJustBeforeTheWindowThatTheMeterReportsLate_IsNotCountedAsIdle()
    {
        // 10 J of work done just before the call, which the meter publishes one sampling period (100 ms) late, as a
        // sensor averaged over its period or a counter published late does: the settle lets it pass first.
        var meter = new LateBurstMeter(idleWatts: 4, burstJoules: 10, lag: TimeSpan.FromMilliseconds(100));
        var idle = new QuietIdleWindow(processCpu: () => TimeSpan.Zero).Measure(meter, Window, CancellationToken.None);

        Assert.Equal(4.0, idle.Reading.Watts, 1);
    }

    [Fact]
    public void Measure_FewerReadingsThanAskedInTheWindow_ExtendsItUntilItHasThem()
    {
        // A 100 ms sampling period in a 150 ms window gives 3 readings (first, one periodic, last); 5 are asked for.
        var meter = new LateBurstMeter(idleWatts: 4, burstJoules: 0, lag: TimeSpan.FromMilliseconds(100));
        var idle = new QuietIdleWindow(processCpu: () => TimeSpan.Zero).Measure(meter, Window, CancellationToken.None, minimumReadings: 5);

        Assert.True(idle.Reading.Samples >= 5, $"{idle.Reading.Samples} readings");
        Assert.InRange(idle.Reading.Elapsed, TimeSpan.FromMilliseconds(300), Window * QuietIdleWindow.MaxExtension * 10);
        Assert.Equal(4.0, idle.Reading.Watts, 1);
    }

    [Fact]
    public void Measure_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => new QuietIdleWindow().Measure(new ConstantPowerMeter(4), Window, cancelled.Token));
    }

    /// <summary>Constant power plus a burst drawn when the meter was created, reported <c>lag</c> later.</summary>
    private sealed class LateBurstMeter(double idleWatts, double burstJoules, TimeSpan lag) : IEnergyMeter
    {
        private readonly long _created = TimeProvider.System.GetTimestamp();

        public string Name => "late";

        public string Rail => "board";

        public TimeSpan SamplingPeriod => lag;

        public double ReadJoules()
        {
            var elapsed = TimeProvider.System.GetElapsedTime(_created);
            return idleWatts * elapsed.TotalSeconds + (elapsed >= lag ? burstJoules : 0);
        }

        public void Dispose()
        {
        }
    }
}

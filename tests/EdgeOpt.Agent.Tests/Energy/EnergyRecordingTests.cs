using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Tests.Support;

namespace EdgeOpt.Agent.Tests.Energy;

public sealed class EnergyRecordingTests
{
    [Fact]
    public void Stop_ConstantPower_EnergyIsPowerTimesTheWindowAndTheMeterWasSampledEveryPeriod()
    {
        var meter = new ConstantPowerMeter(watts: 4);
        using var recording = EnergyRecording.Start(meter);
        Thread.Sleep(300);
        var reading = recording.Stop();

        Assert.InRange(reading.Elapsed.TotalSeconds, 0.29, 5);
        Assert.Equal(4.0, reading.Watts, 1);
        Assert.InRange(reading.Samples, 3, 1000); // first + periodic (every 20 ms) + last
        Assert.Equal(reading.Samples, meter.Reads);
    }

    [Fact]
    public void Stop_MeterFailsWhileSampling_RethrowsTheMeterError()
    {
        var meter = new FailingMeter(failAfter: 2);
        using var recording = EnergyRecording.Start(meter);
        Thread.Sleep(200);

        var error = Assert.Throws<EnergyMeterException>(() => recording.Stop());
        Assert.Equal("sensor gone", error.Message);
    }

    [Fact]
    public void PerInference_DividesByRunsAndSubtractsIdlePower()
    {
        var idle = new EnergyReading(Joules: 3.0, Elapsed: TimeSpan.FromSeconds(1), Samples: 10);   // 3 W idle
        var active = new EnergyReading(Joules: 20.0, Elapsed: TimeSpan.FromSeconds(2), Samples: 21); // 10 W busy

        var stats = EnergyWindows.PerInference(idle, active, inferences: 400, new ConstantPowerMeter(1));

        Assert.Equal(50.0, stats.TotalMj, 9);            // 20 J / 400
        Assert.Equal(3.0, stats.IdlePowerW, 9);
        Assert.Equal(35.0, stats.DynamicMj, 9);          // (20 J - 3 W x 2 s) / 400
        Assert.Equal(21, stats.Samples);
        Assert.Equal("constant", stats.Meter);
    }

    [Fact]
    public void Windows_AreAtLeastTheMinimumAndSpanTheMetersPeriods()
    {
        var windows = EnergyWindows.Default;
        var fast = new ConstantPowerMeter(1); // 20 ms period

        Assert.Equal(TimeSpan.FromSeconds(2), windows.Active(fast));
        Assert.Equal(TimeSpan.FromSeconds(1), windows.Idle(fast));

        using var slow = CommandEnergyMeter.Probe("echo 1", TimeSpan.FromSeconds(1)).Meter!;
        Assert.Equal(TimeSpan.FromSeconds(10), windows.Active(slow));
        Assert.Equal(TimeSpan.FromSeconds(5), windows.Idle(slow));
    }

    private sealed class FailingMeter(int failAfter) : IEnergyMeter
    {
        private int _reads;

        public string Name => "failing";
        public string Rail => "x";
        public TimeSpan SamplingPeriod => TimeSpan.FromMilliseconds(10);

        public double ReadJoules() => ++_reads > failAfter ? throw new EnergyMeterException("sensor gone") : _reads;

        public void Dispose()
        {
        }
    }
}

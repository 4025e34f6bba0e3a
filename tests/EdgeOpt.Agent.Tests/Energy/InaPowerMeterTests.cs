using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Tests.Support;

namespace EdgeOpt.Agent.Tests.Energy;

public sealed class InaPowerMeterTests : IDisposable
{
    private const string Iio = "sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0";
    private readonly TempTree _tree = new();
    private readonly ManualClock _clock = new();

    private void IioChannels()
    {
        _tree.Write($"{Iio}/rail_name_0", "POM_5V_IN\n");
        _tree.Write($"{Iio}/in_power0_input", "5000\n"); // mW
        _tree.Write($"{Iio}/rail_name_1", "POM_5V_GPU\n");
        _tree.Write($"{Iio}/in_power1_input", "1200\n");
        _tree.Write($"{Iio}/rail_name_2", "POM_5V_CPU\n");
        _tree.Write($"{Iio}/in_power2_input", "800\n");
    }

    [Fact]
    public void Probe_JetsonIioLayout_PicksTheBoardInputAndIntegratesPowerWithTrapezoids()
    {
        IioChannels();
        var probe = InaPowerMeter.Probe(_tree.Root, time: _clock);
        using var meter = Assert.IsType<InaPowerMeter>(probe.Meter);
        Assert.Equal("POM_5V_IN", meter.Rail);

        Assert.Equal(0.0, meter.ReadJoules());               // 5 W at t = 0
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(10.0, meter.ReadJoules(), 9);           // 5 W for 2 s
        _tree.Write($"{Iio}/in_power0_input", "3000\n");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(14.0, meter.ReadJoules(), 9);           // (5 + 3) / 2 W for 1 s
    }

    [Fact]
    public void Probe_NamedRail_ReadsThatRail()
    {
        IioChannels();
        using var meter = InaPowerMeter.Probe(_tree.Root, rail: "pom_5v_gpu", time: _clock).Meter!;

        Assert.Equal("POM_5V_GPU", meter.Rail);
        meter.ReadJoules();
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(4.8, meter.ReadJoules(), 9);
    }

    [Fact]
    public void Probe_UnknownRail_UnavailableListingTheRails()
    {
        IioChannels();
        var probe = InaPowerMeter.Probe(_tree.Root, rail: "VDD_DDR", time: _clock);

        Assert.False(probe.Available);
        Assert.Contains("VDD_DDR", probe.UnavailableReason);
        Assert.Contains("POM_5V_IN, POM_5V_GPU, POM_5V_CPU", probe.UnavailableReason);
    }

    [Fact]
    public void Probe_HwmonLayout_MultipliesVoltageByCurrentAndSkipsOtherMonitors()
    {
        _tree.Write("sys/class/hwmon/hwmon0/name", "cpu_thermal\n");
        _tree.Write("sys/class/hwmon/hwmon0/in1_input", "1\n");
        _tree.Write("sys/class/hwmon/hwmon0/curr1_input", "1\n");
        _tree.Write("sys/class/hwmon/hwmon1/name", "ina3221\n");
        _tree.Write("sys/class/hwmon/hwmon1/in1_label", "VDD_IN\n");
        _tree.Write("sys/class/hwmon/hwmon1/in1_input", "5000\n");   // mV
        _tree.Write("sys/class/hwmon/hwmon1/curr1_input", "1500\n"); // mA
        _tree.Write("sys/class/hwmon/hwmon1/in2_label", "VDD_CPU_GPU_CV\n");
        _tree.Write("sys/class/hwmon/hwmon1/in2_input", "5000\n");
        _tree.Write("sys/class/hwmon/hwmon1/curr2_input", "400\n");

        var channels = InaPowerMeter.FindChannels(_tree.Root);
        Assert.Equal(["VDD_IN", "VDD_CPU_GPU_CV"], channels.Select(c => c.Label));

        using var meter = InaPowerMeter.Probe(_tree.Root, time: _clock).Meter!;
        Assert.Equal("VDD_IN", meter.Rail);
        meter.ReadJoules();
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(15.0, meter.ReadJoules(), 9); // 7.5 W for 2 s
    }

    [Fact]
    public void Probe_NoMonitor_UnavailableNamingWhereItLooked()
    {
        var probe = InaPowerMeter.Probe(_tree.Root, time: _clock);

        Assert.False(probe.Available);
        Assert.Contains("ina3221x", probe.UnavailableReason);
        Assert.Contains("hwmon", probe.UnavailableReason);
    }

    public void Dispose() => _tree.Dispose();
}

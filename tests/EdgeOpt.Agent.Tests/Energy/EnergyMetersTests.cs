using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Tests.Support;

namespace EdgeOpt.Agent.Tests.Energy;

public sealed class EnergyMetersTests
{
    private static MeterProbe Found(string name) => new(name, new NamedMeter(name), null);

    private static MeterProbe Missing(string name) => MeterProbe.Unavailable(name, "absent");

    [Fact]
    public void Choose_Auto_PrefersCommandThenInaThenTheMeterOfTheProcessorRunningModels()
    {
        MeterProbe[] all = [Found("rapl"), Found("nvml"), Found("ina"), Found("command")];
        Assert.Equal("command", EnergyMeters.Choose(all, "auto", modelsRunOnGpu: false)!.Name);

        MeterProbe[] noCommand = [Found("rapl"), Found("nvml"), Found("ina"), Missing("command")];
        Assert.Equal("ina", EnergyMeters.Choose(noCommand, "auto", modelsRunOnGpu: true)!.Name);

        MeterProbe[] pc = [Found("rapl"), Found("nvml"), Missing("ina"), Missing("command")];
        Assert.Equal("nvml", EnergyMeters.Choose(pc, "auto", modelsRunOnGpu: true)!.Name);
        Assert.Equal("rapl", EnergyMeters.Choose(pc, "auto", modelsRunOnGpu: false)!.Name);
    }

    [Fact]
    public void Choose_NoneOrNothingAvailable_GivesNoMeter()
    {
        MeterProbe[] nothing = [Missing("rapl"), Missing("nvml"), Missing("ina"), Missing("command")];
        Assert.Null(EnergyMeters.Choose(nothing, "auto", modelsRunOnGpu: false));
        Assert.Null(EnergyMeters.Choose([Found("rapl")], "none", modelsRunOnGpu: false));
        Assert.Null(EnergyMeters.Choose(nothing, "rapl", modelsRunOnGpu: false));
    }

    [Fact]
    public void Probe_UnknownName_ThrowsListingTheRegisteredMeters()
    {
        var error = Assert.Throws<ArgumentException>(() => EnergyMeters.Probe("watts-up", new EnergyMeterSettings()));
        Assert.Contains("rapl, nvml, ina, command", error.Message);
    }

    [Fact]
    public void ProbeAll_FakeTreeWithRaplOnly_FindsRaplAndSaysWhyTheOthersAreAbsent()
    {
        using var tree = new TempTree();
        tree.Write("sys/class/powercap/intel-rapl:0/name", "package-0");
        tree.Write("sys/class/powercap/intel-rapl:0/energy_uj", "10");
        tree.Write("sys/class/powercap/intel-rapl:0/max_energy_range_uj", "1000");

        var probes = EnergyMeters.ProbeAll(new EnergyMeterSettings(tree.Root, NvmlLibrary: "libnvidia-ml-absent-for-tests.so.1"));
        try
        {
            Assert.Equal(["rapl", "nvml", "ina", "command"], probes.Select(p => p.Name));
            Assert.True(probes[0].Available);
            Assert.All(probes.Skip(1), p => Assert.False(string.IsNullOrWhiteSpace(p.UnavailableReason)));
        }
        finally
        {
            foreach (var p in probes) p.Meter?.Dispose();
        }
    }

    private sealed class NamedMeter(string name) : IEnergyMeter
    {
        public string Name => name;
        public string Rail => "test";
        public TimeSpan SamplingPeriod => TimeSpan.FromMilliseconds(100);
        public double ReadJoules() => 0;
        public void Dispose()
        {
        }
    }
}

using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Tests.Support;

namespace EdgeOpt.Agent.Tests.Energy;

public sealed class RaplEnergyMeterTests : IDisposable
{
    private readonly TempTree _tree = new();

    private void Zone(string id, string name, ulong energy, ulong range = 262_143_328_850)
    {
        _tree.Write($"sys/class/powercap/intel-rapl:{id}/name", name + "\n");
        _tree.Write($"sys/class/powercap/intel-rapl:{id}/energy_uj", energy + "\n");
        _tree.Write($"sys/class/powercap/intel-rapl:{id}/max_energy_range_uj", range + "\n");
    }

    private void SetEnergy(string id, ulong energy) => _tree.Write($"sys/class/powercap/intel-rapl:{id}/energy_uj", energy + "\n");

    [Fact]
    public void Probe_PackageZones_SumsPackagesAndIgnoresSubZones()
    {
        Zone("0", "package-0", 1_000_000);
        Zone("0:0", "core", 500_000);
        Zone("0:1", "dram", 700_000);
        Zone("1", "package-1", 2_000_000);
        Zone("2", "psys", 9_000_000);

        var probe = RaplEnergyMeter.Probe(_tree.Root);
        using var meter = Assert.IsType<RaplEnergyMeter>(probe.Meter);
        Assert.Equal("package-0+package-1", meter.Rail);
        Assert.Equal(0.0, meter.ReadJoules());

        SetEnergy("0", 3_500_000);   // +2.5 J
        SetEnergy("0:0", 9_999_999); // a sub-zone: not counted
        SetEnergy("1", 2_250_000);   // +0.25 J
        Assert.Equal(2.75, meter.ReadJoules(), 9);
    }

    [Fact]
    public void ReadJoules_CounterWrapsAround_CountsTheEnergyAcrossTheWrap()
    {
        Zone("0", "package-0", 9_000_000, range: 10_000_000);
        using var meter = RaplEnergyMeter.Probe(_tree.Root).Meter!;

        SetEnergy("0", 9_800_000);   // +0.8 J
        Assert.Equal(0.8, meter.ReadJoules(), 9);
        SetEnergy("0", 300_000);     // passed 10 J and restarted: +0.2 J to the top, +0.3 J after
        Assert.Equal(1.3, meter.ReadJoules(), 9);
        SetEnergy("0", 1_300_000);   // +1 J
        Assert.Equal(2.3, meter.ReadJoules(), 9);
    }

    [Fact]
    public void Probe_NoPowercap_UnavailableNamingThePath()
    {
        var probe = RaplEnergyMeter.Probe(_tree.Root);

        Assert.False(probe.Available);
        Assert.Contains(Path.Combine(_tree.Root, "sys", "class", "powercap"), probe.UnavailableReason);
    }

    [Fact]
    public void Probe_OnlySubZonesAndPsys_UnavailableSayingNoPackage()
    {
        Zone("0:0", "core", 1);
        Zone("1", "psys", 1);

        var probe = RaplEnergyMeter.Probe(_tree.Root);

        Assert.False(probe.Available);
        Assert.Contains("no package zone", probe.UnavailableReason);
    }

    [Fact]
    public void ReadJoules_GarbageInCounter_ThrowsNamingTheFile()
    {
        Zone("0", "package-0", 1);
        using var meter = RaplEnergyMeter.Probe(_tree.Root).Meter!;
        _tree.Write("sys/class/powercap/intel-rapl:0/energy_uj", "oops\n");

        var error = Assert.Throws<EnergyMeterException>(() => meter.ReadJoules());
        Assert.Contains("intel-rapl:0/energy_uj", error.Message);
        Assert.Contains("oops", error.Message);
    }

    public void Dispose() => _tree.Dispose();
}

using EdgeOpt.Agent.Energy;

namespace EdgeOpt.Agent.Tests.Energy;

public sealed class NvmlEnergyMeterTests
{
    [Fact]
    public void Probe_LibraryAbsent_UnavailableNamingTheLibraryWithoutThrowing()
    {
        var probe = NvmlEnergyMeter.Probe(index: 0, library: "libnvidia-ml-absent-for-tests.so.1");

        Assert.False(probe.Available);
        Assert.Equal("nvml", probe.Name);
        Assert.Contains("libnvidia-ml-absent-for-tests.so.1", probe.UnavailableReason);
    }

    [Fact]
    public void Probe_LibraryWithoutNvmlExports_UnavailableSayingWhatIsMissing()
    {
        // libc loads on every Linux machine but has no NVML functions.
        var probe = NvmlEnergyMeter.Probe(index: 0, library: "libc.so.6");

        Assert.False(probe.Available);
        Assert.Contains("nvmlDeviceGetTotalEnergyConsumption", probe.UnavailableReason);
    }
}

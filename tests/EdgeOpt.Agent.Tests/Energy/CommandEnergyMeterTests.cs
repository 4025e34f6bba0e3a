using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Tests.Support;

namespace EdgeOpt.Agent.Tests.Energy;

public sealed class CommandEnergyMeterTests : IDisposable
{
    private readonly TempTree _tree = new();

    /// <summary>A command running a tiny shell script that prints the joules in a counter file, like a smart plug's client would.</summary>
    private string CounterScript(string initial)
    {
        var counter = _tree.Write("joules.txt", initial);
        var script = _tree.Write("read-joules.sh", $"#!/bin/sh\nprintf '%s J\\n' \"$(cat '{counter}')\"\n");
        return $"sh '{script}'";
    }

    [Fact]
    public void ReadJoules_ScriptPrintingCumulativeJoules_ReturnsTheEnergySinceTheProbe()
    {
        var script = CounterScript("1500.25");
        var probe = CommandEnergyMeter.Probe(script, TimeSpan.FromMilliseconds(100), rail: "wall");
        using var meter = Assert.IsType<CommandEnergyMeter>(probe.Meter);
        Assert.Equal("command", meter.Name);
        Assert.Equal("wall", meter.Rail);

        Assert.Equal(0.0, meter.ReadJoules(), 9);
        _tree.Write("joules.txt", "1512.75");
        Assert.Equal(12.5, meter.ReadJoules(), 9);
    }

    [Fact]
    public void ReadJoules_CounterGoesBackwards_ThrowsNamingTheCommand()
    {
        var script = CounterScript("100");
        using var meter = CommandEnergyMeter.Probe(script, TimeSpan.FromMilliseconds(100)).Meter!;
        _tree.Write("joules.txt", "90");

        var error = Assert.Throws<EnergyMeterException>(() => meter.ReadJoules());
        Assert.Contains(script, error.Message);
        Assert.Contains("cumulative", error.Message);
    }

    [Fact]
    public void Probe_CommandFails_UnavailableWithExitCodeAndStderr()
    {
        var probe = CommandEnergyMeter.Probe("echo meter offline >&2; exit 4", TimeSpan.FromMilliseconds(100));

        Assert.False(probe.Available);
        Assert.Contains("exited with code 4", probe.UnavailableReason);
        Assert.Contains("meter offline", probe.UnavailableReason);
    }

    [Fact]
    public void Probe_CommandPrintsNoNumber_UnavailableQuotingTheOutput()
    {
        var probe = CommandEnergyMeter.Probe("echo n/a", TimeSpan.FromMilliseconds(100));

        Assert.False(probe.Available);
        Assert.Contains("'n/a'", probe.UnavailableReason);
    }

    [Fact]
    public void Probe_NoCommand_Unavailable()
    {
        Assert.False(CommandEnergyMeter.Probe(null, TimeSpan.FromSeconds(1)).Available);
    }

    public void Dispose() => _tree.Dispose();
}

using EdgeOpt.Agent.Energy;

namespace EdgeOpt.Agent.Tests.Support;

/// <summary>A meter for a device that draws a constant power: joules = watts x time on the given clock.</summary>
internal sealed class ConstantPowerMeter(double watts, TimeProvider? time = null) : IEnergyMeter
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly long _start = (time ?? TimeProvider.System).GetTimestamp();

    public int Reads { get; private set; }

    public string Name => "constant";

    public string Rail => $"{watts} W";

    public TimeSpan SamplingPeriod => TimeSpan.FromMilliseconds(20);

    public double ReadJoules()
    {
        Reads++;
        return watts * _time.GetElapsedTime(_start).TotalSeconds;
    }

    public void Dispose()
    {
    }
}

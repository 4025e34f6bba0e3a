namespace EdgeOpt.Agent.Energy;

/// <summary>The result of looking for one kind of meter: a usable meter, or why there is none.</summary>
public sealed record MeterProbe(string Name, IEnergyMeter? Meter, string? UnavailableReason)
{
    public bool Available => Meter is not null;

    public static MeterProbe Found(IEnergyMeter meter) => new(meter.Name, meter, null);

    public static MeterProbe Unavailable(string name, string reason) => new(name, null, reason);

    public override string ToString() =>
        Meter is { } m ? $"{m.Name}:{m.Rail}" : $"{Name} (unavailable: {UnavailableReason})";
}

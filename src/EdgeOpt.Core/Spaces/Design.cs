namespace EdgeOpt.Core.Spaces;

/// <summary>What gets deployed: an architecture plus its quantization policy.</summary>
public sealed record Design(Architecture Architecture, QuantizationPolicy Policy)
{
    public string SpaceId => Architecture.SpaceId;
}

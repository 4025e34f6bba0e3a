namespace EdgeOpt.Server.Domain;

/// <summary>
/// A design as stored: space id, canonical architecture string and one precision name per quantization slot
/// (always the full slot count; all "fp32" when the request left them out). Built by <see cref="DesignRules"/>.
/// </summary>
public sealed record DesignRecord
{
    public string Space { get; init; } = "";
    public string Arch { get; init; } = "";
    public string[] Precisions { get; init; } = [];

    public bool SameAs(DesignRecord other) =>
        Space == other.Space && Arch == other.Arch && Precisions.AsSpan().SequenceEqual(other.Precisions);

    public override string ToString() => $"{Space}:{Arch} [{string.Join('-', Precisions)}]";
}

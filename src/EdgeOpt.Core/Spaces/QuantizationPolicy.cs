namespace EdgeOpt.Core.Spaces;

/// <summary>
/// A precision per quantization slot of a space: per stage for NAS-Bench-201 (3), per layer for FBNet (22).
/// The stem and classifier stay fp32.
/// </summary>
public sealed class QuantizationPolicy : IEquatable<QuantizationPolicy>
{
    private readonly Precision[] _slots;

    public QuantizationPolicy(IReadOnlyList<Precision> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        if (slots.Count == 0) throw new ArgumentException("a policy needs at least one slot", nameof(slots));
        _slots = slots.ToArray();
    }

    public IReadOnlyList<Precision> Slots => _slots;

    public static QuantizationPolicy Uniform(int slotCount, Precision precision) =>
        new(Enumerable.Repeat(precision, slotCount).ToArray());

    public bool IsUniform(out Precision precision)
    {
        precision = _slots[0];
        foreach (var p in _slots) if (p != _slots[0]) return false;
        return true;
    }

    /// <summary>"fp32" when uniform, otherwise the slots joined by '-', e.g. "fp32-int8-int8".</summary>
    public override string ToString() =>
        IsUniform(out var p) ? p.ToName() : string.Join('-', _slots.Select(s => s.ToName()));

    /// <summary>Parses "int8" (uniform) or "fp32-int8-int8" (one per slot).</summary>
    public static QuantizationPolicy Parse(string text, int slotCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 1) return Uniform(slotCount, PrecisionNames.Parse(parts[0]));
        if (parts.Length != slotCount)
            throw new FormatException(
                $"precision policy '{text}' has {parts.Length} slots; this space has {slotCount} (or give one precision for all)");
        return new QuantizationPolicy(parts.Select(PrecisionNames.Parse).ToArray());
    }

    public bool Equals(QuantizationPolicy? other) => other is not null && _slots.AsSpan().SequenceEqual(other._slots);
    public override bool Equals(object? obj) => Equals(obj as QuantizationPolicy);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var s in _slots) hash.Add(s);
        return hash.ToHashCode();
    }
}

using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Server.Domain;

/// <summary>Checks a design against its search space and brings it to the stored canonical form.</summary>
public static class DesignRules
{
    /// <summary>
    /// The canonical <see cref="DesignRecord"/> of (space, arch, precisions). <paramref name="field"/> is the
    /// request path used in error messages (for example "reports[2].measurement.design").
    /// Precisions: empty means all fp32; otherwise exactly one per quantization slot of the space.
    /// </summary>
    /// <exception cref="FleetException">InvalidArgument naming the field and the allowed values.</exception>
    public static DesignRecord Normalize(string? space, string? arch, IReadOnlyList<Precision?> precisions, string field)
    {
        var searchSpace = RequireSpace(space, $"{field}.space");
        if (string.IsNullOrWhiteSpace(arch))
            throw FleetException.Invalid($"{field}.arch is required: a canonical architecture string of space '{searchSpace.Id}'");
        if (!searchSpace.TryParse(arch, out var architecture, out var error))
            throw FleetException.Invalid($"{field}.arch is not a valid '{searchSpace.Id}' architecture: {error}");

        string[] names;
        if (precisions.Count == 0)
        {
            names = Enumerable.Repeat(Precision.Fp32.ToName(), searchSpace.PrecisionSlots).ToArray();
        }
        else if (precisions.Count != searchSpace.PrecisionSlots)
        {
            throw FleetException.Invalid(
                $"{field}.precisions has {precisions.Count} entries; space '{searchSpace.Id}' takes 0 (all fp32) or " +
                $"{searchSpace.PrecisionSlots} (one per quantization slot)");
        }
        else
        {
            names = new string[precisions.Count];
            for (int i = 0; i < precisions.Count; i++)
            {
                names[i] = precisions[i]?.ToName()
                    ?? throw FleetException.Invalid($"{field}.precisions[{i}] is unspecified or unknown; allowed: fp32, fp16, int8");
            }
        }

        return new DesignRecord { Space = searchSpace.Id, Arch = searchSpace.Format(architecture!), Precisions = names };
    }

    /// <summary>The search space with this id; InvalidArgument naming <paramref name="field"/> and the known ids otherwise.</summary>
    public static ISearchSpace RequireSpace(string? space, string field)
    {
        if (string.IsNullOrWhiteSpace(space))
            throw FleetException.Invalid($"{field} is required; allowed: {string.Join(", ", SearchSpaces.Ids)}");
        if (!SearchSpaces.TryGet(space, out var searchSpace))
            throw FleetException.Invalid($"{field} '{space}' is not a known search space; allowed: {string.Join(", ", SearchSpaces.Ids)}");
        return searchSpace;
    }
}

using EdgeOpt.Core.Spaces;
using EdgeOpt.Server.Domain;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services.Mapping;

/// <summary>Design and precision conversions between the wire and the store.</summary>
public static class DesignMapping
{
    /// <summary>A checked, canonical design; InvalidArgument names <paramref name="field"/> and the allowed values.</summary>
    public static DesignRecord ToDomain(Wire.Design? design, string field)
    {
        if (design is null) throw FleetException.Invalid($"{field} is required (space, arch, precisions)");
        return DesignRules.Normalize(design.Space, design.Arch, design.Precisions.Select(ToCore).ToList(), field);
    }

    public static Wire.Design ToProto(DesignRecord design)
    {
        var proto = new Wire.Design { Space = design.Space, Arch = design.Arch };
        proto.Precisions.Add(design.Precisions.Select(name => ToProto(PrecisionNames.Parse(name))));
        return proto;
    }

    public static Precision? ToCore(Wire.Precision precision) => precision switch
    {
        Wire.Precision.Fp32 => Precision.Fp32,
        Wire.Precision.Fp16 => Precision.Fp16,
        Wire.Precision.Int8 => Precision.Int8,
        _ => null,
    };

    public static Wire.Precision ToProto(Precision precision) => precision switch
    {
        Precision.Fp32 => Wire.Precision.Fp32,
        Precision.Fp16 => Wire.Precision.Fp16,
        Precision.Int8 => Wire.Precision.Int8,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "allowed: fp32, fp16, int8"),
    };
}

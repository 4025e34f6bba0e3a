namespace EdgeOpt.Core.Spaces;

/// <summary>Numeric precision of a stage or layer.</summary>
public enum Precision
{
    Fp32 = 0,
    Fp16 = 1,
    Int8 = 2,
}

public static class PrecisionNames
{
    public static string ToName(this Precision precision) => precision switch
    {
        Precision.Fp32 => "fp32",
        Precision.Fp16 => "fp16",
        Precision.Int8 => "int8",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "allowed: fp32, fp16, int8"),
    };

    public static Precision Parse(string name) => TryParse(name, out var p)
        ? p
        : throw new FormatException($"unknown precision '{name}'; allowed values: fp32, fp16, int8");

    public static bool TryParse(string? name, out Precision precision)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "fp32": precision = Precision.Fp32; return true;
            case "fp16": precision = Precision.Fp16; return true;
            case "int8": precision = Precision.Int8; return true;
            default: precision = Precision.Fp32; return false;
        }
    }
}

using System.Globalization;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Client;

/// <summary>Short human forms of the wire's enums and times, for tables.</summary>
internal static class Display
{
    public static string State(Wire.DeviceState state) => state switch
    {
        Wire.DeviceState.Registered => "registered",
        Wire.DeviceState.Enrolled => "enrolled",
        Wire.DeviceState.Ready => "ready",
        Wire.DeviceState.Retired => "retired",
        _ => "unspecified",
    };

    public static string State(Wire.JobState state) => state switch
    {
        Wire.JobState.Queued => "queued",
        Wire.JobState.Leased => "leased",
        Wire.JobState.Done => "done",
        Wire.JobState.Failed => "failed",
        _ => "unspecified",
    };

    public static string Purpose(Wire.JobPurpose purpose) => purpose switch
    {
        Wire.JobPurpose.Signature => "signature",
        Wire.JobPurpose.Adaptation => "adaptation",
        Wire.JobPurpose.Verification => "verification",
        _ => "unspecified",
    };

    public static string Provenance(Wire.Provenance provenance) => provenance switch
    {
        Wire.Provenance.Measured => "measured",
        Wire.Provenance.Replayed => "replayed",
        Wire.Provenance.Predicted => "predicted",
        Wire.Provenance.Estimated => "estimated",
        _ => "unspecified",
    };

    /// <summary>"fp32" for no precisions, else the precisions joined by '-'.</summary>
    public static string Precisions(Wire.Design? design)
    {
        if (design is null || design.Precisions.Count == 0) return "fp32";
        var names = design.Precisions.Select(p => p switch
        {
            Wire.Precision.Fp32 => "fp32",
            Wire.Precision.Fp16 => "fp16",
            Wire.Precision.Int8 => "int8",
            _ => "?",
        }).ToArray();
        return names.All(n => n == names[0]) ? names[0] : string.Join('-', names);
    }

    /// <summary>A Unix time in ms as UTC "yyyy-MM-dd HH:mm:ss", or "-" for 0 (never).</summary>
    public static string Time(long unixMs) =>
        unixMs <= 0 ? "-" : DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
}

namespace EdgeOpt.Server.Domain;

/// <summary>
/// The outcome of one ReportMeasurements batch, kept under its idempotency key (scoped to the device) so a
/// retried batch gets the original answer and changes nothing.
/// </summary>
public sealed record ReportKeyRecord
{
    /// <summary>"{deviceId}/{key}".</summary>
    public string Id { get; init; } = "";

    public string DeviceId { get; init; } = "";
    public string Key { get; init; } = "";
    public int Accepted { get; init; }
    public int Duplicates { get; init; }
    public long CreatedUnixMs { get; init; }

    public static string IdOf(string deviceId, string key) => $"{deviceId}/{key}";
}

namespace EdgeOpt.Cli.Import;

/// <summary>What the import did for one device column.</summary>
/// <param name="Device">The column name (the device's name on the server).</param>
/// <param name="DeviceId">The server's id of the device.</param>
/// <param name="Registered">True when the import registered the device; false when it existed already.</param>
/// <param name="Accepted">Measurements stored now.</param>
/// <param name="Duplicates">Measurements the server had from an earlier import of the same file.</param>
/// <param name="SignatureJobsAnswered">Signature jobs answered from the file.</param>
/// <param name="SignatureJobsFailed">Signature jobs the file has no cell for (failed, not retryable).</param>
internal sealed record ImportResult(
    string Device, string DeviceId, bool Registered, int Accepted, int Duplicates, int SignatureJobsAnswered, int SignatureJobsFailed);

namespace EdgeOpt.Server.Domain;

/// <summary>What a token may do.</summary>
public enum Role
{
    Operator = 1,
    Agent = 2,
    Developer = 3,
}

/// <summary>
/// An API token as stored: only the SHA-256 of the secret is kept. Agent tokens are bound to one device.
/// </summary>
public sealed record TokenRecord
{
    public string Id { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 text.</summary>
    public string Hash { get; init; } = "";

    public Role Role { get; init; }

    /// <summary>The device an agent token acts for; empty for other roles.</summary>
    public string DeviceId { get; init; } = "";

    public string Label { get; init; } = "";
    public long CreatedUnixMs { get; init; }

    /// <summary>When the token was revoked; null while it is active.</summary>
    public long? RevokedUnixMs { get; init; }
}

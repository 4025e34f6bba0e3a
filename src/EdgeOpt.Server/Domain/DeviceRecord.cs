namespace EdgeOpt.Server.Domain;

/// <summary>Lifecycle of a device in the fleet.</summary>
public enum DeviceState
{
    Registered = 1,
    Enrolled = 2,
    Ready = 3,
    Retired = 4,
}

/// <summary>A device of the fleet as the server stores it.</summary>
public sealed record DeviceRecord
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public DeviceProfile Profile { get; init; } = new();
    public DeviceState State { get; init; } = DeviceState.Registered;

    /// <summary>Search spaces whose signature sets are queued on enrollment (canonical ids).</summary>
    public string[] Spaces { get; init; } = [];

    /// <summary>Search spaces whose whole signature set has been measured.</summary>
    public string[] FeaturedSpaces { get; init; } = [];

    public long RegisteredUnixMs { get; init; }
    public long LastSeenUnixMs { get; init; }
    public string AgentVersion { get; init; } = "";

    /// <summary>"measure" or "replay" (see <see cref="AgentModes"/>); empty until enrollment.</summary>
    public string AgentMode { get; init; } = "";

    public string RetiredReason { get; init; } = "";
}

/// <summary>The agent modes an Enroll may announce.</summary>
public static class AgentModes
{
    public const string Measure = "measure";
    public const string Replay = "replay";

    public static IReadOnlyList<string> All { get; } = [Measure, Replay];
}

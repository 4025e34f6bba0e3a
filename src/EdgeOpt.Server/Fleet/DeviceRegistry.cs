using EdgeOpt.Core.Spaces;
using EdgeOpt.Server.Auth;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Jobs;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Fleet;

/// <summary>A device registered with its agent token (the secret is shown once).</summary>
public sealed record RegisteredDevice(DeviceRecord Device, IssuedToken AgentToken);

/// <summary>Registers, enrolls, lists and retires devices.</summary>
public sealed class DeviceRegistry(
    IFleetStore store,
    TokenService tokens,
    IJobScheduler scheduler,
    TimeProvider time,
    ILogger<DeviceRegistry> logger)
{
    public const int MaxNameLength = 128;
    public const int MaxAgentVersionLength = 100;

    /// <summary>Spaces measured on enrollment when the registration names none.</summary>
    public static IReadOnlyList<string> DefaultSpaces { get; } = [Nb201Space.SpaceId];

    /// <summary>
    /// Registers a device under a unique (among active devices) name and issues its agent token.
    /// <paramref name="spaces"/>: search-space ids; empty means <see cref="DefaultSpaces"/>.
    /// </summary>
    public RegisteredDevice Register(string? name, DeviceProfile profile, IReadOnlyList<string> spaces)
    {
        name = (name ?? "").Trim();
        if (name.Length == 0) throw FleetException.Invalid("name is required (a unique, human-readable device name)");
        if (name.Length > MaxNameLength) throw FleetException.Invalid($"name has {name.Length} characters; at most {MaxNameLength}");
        if (name.Any(char.IsControl)) throw FleetException.Invalid("name must not contain control characters");
        var canonicalSpaces = CanonicalSpaces(spaces);

        var registered = store.Atomically(() =>
        {
            if (store.Devices.FindActiveByName(name) is { } clash)
                throw FleetException.AlreadyExists($"name: an active device named '{name}' exists already ('{clash.Id}')");
            long now = Now();
            var device = new DeviceRecord
            {
                Id = Ids.New("dev"),
                Name = name,
                Profile = profile,
                State = DeviceState.Registered,
                Spaces = canonicalSpaces,
                RegisteredUnixMs = now,
            };
            store.Devices.Insert(device);
            var token = tokens.Issue(Role.Agent, device.Id, $"agent of {name}");
            return new RegisteredDevice(device, token);
        });
        logger.LogInformation("Registered device {DeviceId} ({DeviceName}) for spaces {Spaces}",
            registered.Device.Id, name, string.Join(",", canonicalSpaces));
        return registered;
    }

    public IReadOnlyList<DeviceRecord> List(bool includeRetired) => store.Devices.List(includeRetired);

    public DeviceRecord Get(string? deviceId, string field = "device_id")
    {
        if (string.IsNullOrWhiteSpace(deviceId)) throw FleetException.Invalid($"{field} is required");
        return store.Devices.Find(deviceId.Trim()) ?? throw FleetException.NotFound($"{field}: device '{deviceId}' not found");
    }

    /// <summary>Retires a device: its open jobs fail and its agent tokens are revoked. Retiring twice changes nothing.</summary>
    public DeviceRecord Retire(string? deviceId, string? reason)
    {
        reason = (reason ?? "").Trim();
        var retired = store.Atomically(() =>
        {
            var device = Get(deviceId);
            if (device.State == DeviceState.Retired) return device;
            var next = device with { State = DeviceState.Retired, RetiredReason = reason };
            store.Devices.Update(next);
            scheduler.CancelDeviceJobs(device.Id, $"device retired{(reason.Length > 0 ? ": " + reason : "")}");
            tokens.RevokeDeviceTokens(device.Id);
            return next;
        });
        logger.LogInformation("Retired device {DeviceId}: {Reason}", retired.Id, reason);
        return retired;
    }

    /// <summary>
    /// An agent announces itself: the reported profile is merged in, the device becomes enrolled (a ready device
    /// stays ready) and the signature sets of its spaces are queued (once).
    /// </summary>
    public DeviceRecord Enroll(string deviceId, DeviceProfile reported, string? agentVersion, string? mode)
    {
        agentVersion = (agentVersion ?? "").Trim();
        if (agentVersion.Length > MaxAgentVersionLength)
            throw FleetException.Invalid($"agent_version has {agentVersion.Length} characters; at most {MaxAgentVersionLength}");
        mode = string.IsNullOrWhiteSpace(mode) ? AgentModes.Measure : mode.Trim().ToLowerInvariant();
        if (!AgentModes.All.Contains(mode))
            throw FleetException.Invalid($"mode '{mode}' is not known; allowed: {string.Join(", ", AgentModes.All)} (empty = measure)");

        var enrolled = store.Atomically(() =>
        {
            var device = RequireActive(deviceId);
            var next = device with
            {
                Profile = device.Profile.MergedWith(reported),
                State = device.State == DeviceState.Ready ? DeviceState.Ready : DeviceState.Enrolled,
                AgentVersion = agentVersion,
                AgentMode = mode,
                LastSeenUnixMs = Now(),
            };
            store.Devices.Update(next);
            return next;
        });
        // Queued after the enrollment is committed: a failure here leaves an enrolled device whose next Enroll
        // (agents enroll on every start) queues what is missing.
        scheduler.EnqueueSignatureSets(deviceId);
        logger.LogInformation("Device {DeviceId} enrolled an agent {AgentVersion} in {Mode} mode", deviceId, agentVersion, mode);
        return enrolled;
    }

    /// <summary>The caller's device when it is enrolled and active; FailedPrecondition otherwise.</summary>
    public DeviceRecord RequireEnrolled(string deviceId)
    {
        var device = RequireActive(deviceId);
        if (device.State == DeviceState.Registered)
            throw FleetException.Precondition($"device '{deviceId}' has not enrolled; call Agent.Enroll first");
        return device;
    }

    /// <summary>Notes that the device's agent was heard from now.</summary>
    public void Touch(string deviceId) => store.Atomically(() =>
    {
        var device = RequireActive(deviceId);
        store.Devices.Update(device with { LastSeenUnixMs = Now() });
    });

    /// <summary>Adds a space to the device's featured spaces (its signature set is measured).</summary>
    public void MarkFeatured(string deviceId, string space) => store.Atomically(() =>
    {
        var device = Get(deviceId);
        if (device.FeaturedSpaces.Contains(space)) return;
        store.Devices.Update(device with { FeaturedSpaces = [.. device.FeaturedSpaces, space] });
        logger.LogInformation("Device {DeviceId} has its {Space} signature set measured", deviceId, space);
    });

    private DeviceRecord RequireActive(string deviceId)
    {
        var device = Get(deviceId);
        if (device.State == DeviceState.Retired)
            throw FleetException.Precondition($"device '{deviceId}' is retired{(device.RetiredReason.Length > 0 ? $" ({device.RetiredReason})" : "")}");
        return device;
    }

    private static string[] CanonicalSpaces(IReadOnlyList<string> spaces)
    {
        if (spaces.Count == 0) return DefaultSpaces.ToArray();
        var ids = new List<string>();
        for (int i = 0; i < spaces.Count; i++)
        {
            var space = DesignRules.RequireSpace(spaces[i], $"spaces[{i}]");
            if (!ids.Contains(space.Id)) ids.Add(space.Id);
        }
        return ids.ToArray();
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}

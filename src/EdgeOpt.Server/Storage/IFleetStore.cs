using EdgeOpt.Server.Domain;

namespace EdgeOpt.Server.Storage;

/// <summary>
/// Everything the server keeps, behind small per-collection stores. Every write is committed before the
/// method returns. <see cref="Atomically{T}"/> runs a read-check-write sequence serialized against all other
/// writes and commits it as one transaction (or nothing, when it throws). The work must be synchronous.
/// </summary>
public interface IFleetStore
{
    IDeviceStore Devices { get; }
    ITokenStore Tokens { get; }
    IJobStore Jobs { get; }
    IMeasurementStore Measurements { get; }
    IReportKeyStore ReportKeys { get; }
    IPredictorStore Predictors { get; }

    T Atomically<T>(Func<T> work);

    void Atomically(Action work);

    /// <summary>
    /// Runs <paramref name="action"/> once the current <see cref="Atomically{T}"/> has committed (dropped when it rolls
    /// back), or now when the caller is not inside one. For notifications that must not run ahead of the data.
    /// </summary>
    void OnCommitted(Action action);
}

public interface IDeviceStore
{
    DeviceRecord? Find(string id);

    /// <summary>Devices in registration order.</summary>
    IReadOnlyList<DeviceRecord> List(bool includeRetired);

    /// <summary>An active (not retired) device with this name, if any.</summary>
    DeviceRecord? FindActiveByName(string name);

    void Insert(DeviceRecord device);

    void Update(DeviceRecord device);
}

public interface ITokenStore
{
    TokenRecord? Find(string id);

    TokenRecord? FindByHash(string hash);

    IReadOnlyList<TokenRecord> ForDevice(string deviceId);

    int CountActive(Role role);

    void Insert(TokenRecord token);

    void Update(TokenRecord token);
}

public interface IJobStore
{
    JobRecord? Find(string id);

    /// <summary>Jobs in queue order, optionally of one device and one state.</summary>
    IReadOnlyList<JobRecord> List(string? deviceId, JobState? state);

    /// <summary>The oldest queued jobs of a device, at most <paramref name="max"/>, in queue order.</summary>
    IReadOnlyList<JobRecord> NextQueued(string deviceId, int max);

    int CountInState(string deviceId, JobState state);

    /// <summary>Leased jobs whose lease ran out at or before <paramref name="unixMs"/>.</summary>
    IReadOnlyList<JobRecord> LeasesExpiredAt(long unixMs);

    /// <summary>Inserts the jobs, assigning increasing <see cref="JobRecord.Seq"/>; returns them as stored.</summary>
    IReadOnlyList<JobRecord> Insert(IReadOnlyList<JobRecord> jobs);

    void Update(JobRecord job);
}

public interface IMeasurementStore
{
    MeasurementRecord? Find(string id);

    /// <summary>Measurements in arrival order, optionally of one device and one space.</summary>
    IReadOnlyList<MeasurementRecord> List(string? deviceId, string? space);

    /// <summary>Inserts the measurement, assigning its <see cref="MeasurementRecord.Seq"/>; returns it as stored.</summary>
    MeasurementRecord Insert(MeasurementRecord measurement);
}

public interface IReportKeyStore
{
    ReportKeyRecord? Find(string deviceId, string key);

    void Insert(ReportKeyRecord record);

    /// <summary>Forgets keys created before <paramref name="unixMs"/>; returns how many.</summary>
    int DeleteCreatedBefore(long unixMs);
}

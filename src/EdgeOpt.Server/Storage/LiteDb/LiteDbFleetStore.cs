using EdgeOpt.Server.Domain;
using LiteDB;

namespace EdgeOpt.Server.Storage.LiteDb;

/// <summary>
/// <see cref="IFleetStore"/> in one LiteDB file, opened once (direct connection) and shared by all requests.
/// LiteDB is thread-safe for single operations; writes additionally go through one gate so that read-check-write
/// sequences are serialized and committed as one transaction. LiteDB 5 writes each commit to its log file before
/// returning, so an acknowledged write survives a killed process (not a power cut: it does not fsync).
/// </summary>
public sealed class LiteDbFleetStore : IFleetStore, IDisposable
{
    private readonly LiteDatabase _db;
    private readonly object _gate = new();
    private int _depth;
    private readonly List<Action> _afterCommit = [];

    public LiteDbFleetStore(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        FilePath = Path.GetFullPath(filePath);
        string folder = Path.GetDirectoryName(FilePath)!;
        if (!Directory.Exists(folder))
        {
            // The folder holds token hashes and the bootstrap token: owner-only where the OS allows.
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var mapper = new BsonMapper { EnumAsInteger = false, SerializeNullValues = false, EmptyStringToNull = false, TrimWhitespace = false };
        _db = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct }, mapper);
        Devices = new LiteDbDeviceStore(this, _db.GetCollection<DeviceRecord>("devices"));
        Tokens = new LiteDbTokenStore(this, _db.GetCollection<TokenRecord>("tokens"));
        Jobs = new LiteDbJobStore(this, _db.GetCollection<JobRecord>("jobs"));
        Measurements = new LiteDbMeasurementStore(this, _db.GetCollection<MeasurementRecord>("measurements"));
        ReportKeys = new LiteDbReportKeyStore(this, _db.GetCollection<ReportKeyRecord>("report_keys"));
        Predictors = new LiteDbPredictorStore(this, _db);
    }

    public string FilePath { get; }

    public IDeviceStore Devices { get; }
    public ITokenStore Tokens { get; }
    public IJobStore Jobs { get; }
    public IMeasurementStore Measurements { get; }
    public IReportKeyStore ReportKeys { get; }
    public IPredictorStore Predictors { get; }

    public T Atomically<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        T result;
        Action[] committed;
        lock (_gate)
        {
            // Nested calls join the outer transaction (LiteDB binds a transaction to the calling thread).
            if (_depth > 0) return work();
            _depth++;
            try
            {
                _db.BeginTrans();
                try
                {
                    result = work();
                    _db.Commit();
                }
                catch
                {
                    _db.Rollback();
                    throw;
                }
                committed = [.. _afterCommit];
            }
            finally
            {
                _afterCommit.Clear();
                _depth--;
            }
        }
        foreach (var action in committed) action();
        return result;
    }

    public void OnCommitted(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Monitor.IsEntered(_gate) && _depth > 0)
        {
            _afterCommit.Add(action);
            return;
        }
        action();
    }

    public void Atomically(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Atomically<bool>(() =>
        {
            work();
            return true;
        });
    }

    public void Dispose() => _db.Dispose();
}

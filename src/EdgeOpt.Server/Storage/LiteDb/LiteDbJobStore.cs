using EdgeOpt.Server.Domain;
using LiteDB;

namespace EdgeOpt.Server.Storage.LiteDb;

internal sealed class LiteDbJobStore : IJobStore
{
    private readonly LiteDbFleetStore _store;
    private readonly ILiteCollection<JobRecord> _jobs;
    private long _lastSeq = -1; // read and written only inside the store's write gate

    public LiteDbJobStore(LiteDbFleetStore store, ILiteCollection<JobRecord> jobs)
    {
        _store = store;
        _jobs = jobs;
        _jobs.EnsureIndex(j => j.DeviceId);
        _jobs.EnsureIndex(j => j.State);
        _jobs.EnsureIndex(j => j.Seq, unique: true);
    }

    public JobRecord? Find(string id) => _jobs.FindById(id);

    public IReadOnlyList<JobRecord> List(string? deviceId, JobState? state)
    {
        var query = _jobs.Query();
        if (!string.IsNullOrEmpty(deviceId)) query = query.Where(j => j.DeviceId == deviceId);
        if (state is { } s) query = query.Where(j => j.State == s);
        return query.OrderBy(j => j.Seq).ToList();
    }

    public IReadOnlyList<JobRecord> NextQueued(string deviceId, int max) =>
        _jobs.Query()
            .Where(j => j.DeviceId == deviceId && j.State == JobState.Queued)
            .OrderBy(j => j.Seq)
            .Limit(max)
            .ToList();

    public int CountInState(string deviceId, JobState state) =>
        _jobs.Count(j => j.DeviceId == deviceId && j.State == state);

    public IReadOnlyList<JobRecord> LeasesExpiredAt(long unixMs) =>
        _jobs.Find(j => j.State == JobState.Leased && j.LeaseExpiresUnixMs <= unixMs).ToList();

    public IReadOnlyList<JobRecord> Insert(IReadOnlyList<JobRecord> jobs) => _store.Atomically(() =>
    {
        if (_lastSeq < 0) _lastSeq = _jobs.Count() == 0 ? 0 : _jobs.Max(j => j.Seq);
        long seq = _lastSeq;
        var stored = jobs.Select(j => j with { Seq = ++seq }).ToList();
        _jobs.InsertBulk(stored);
        _lastSeq = seq;
        return (IReadOnlyList<JobRecord>)stored;
    });

    public void Update(JobRecord job) => _store.Atomically(() =>
    {
        if (!_jobs.Update(job)) throw new InvalidOperationException($"job '{job.Id}' vanished from the store during an update");
    });
}

using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage.LiteDb;
using EdgeOpt.Server.Tests.TestSupport;

namespace EdgeOpt.Server.Tests.Storage;

public sealed class LiteDbFleetStoreTests : IDisposable
{
    private readonly string _dir = TestFleet.NewTempDirectory();
    private readonly LiteDbFleetStore _store;

    public LiteDbFleetStoreTests() => _store = new LiteDbFleetStore(Path.Combine(_dir, "edgeopt.db"));

    public void Dispose()
    {
        _store.Dispose();
        TestFleet.TryDelete(_dir);
    }

    private static DeviceRecord Device(string id) => new() { Id = id, Name = id, Spaces = ["nb201"], RegisteredUnixMs = 1 };

    [Fact]
    public void Atomically_WhenTheWorkThrows_StoresNothingAndDropsItsCommitActions()
    {
        bool notified = false;

        Assert.Throws<InvalidOperationException>(() => _store.Atomically(() =>
        {
            _store.Devices.Insert(Device("dev_a"));
            _store.OnCommitted(() => notified = true);
            throw new InvalidOperationException("halfway");
        }));

        Assert.Null(_store.Devices.Find("dev_a"));
        Assert.False(notified);
    }

    [Fact]
    public void OnCommitted_InsideATransaction_RunsOnlyAfterTheOutermostCommit()
    {
        DeviceRecord? seenByAction = null;
        bool ranInside = false;

        _store.Atomically(() =>
        {
            _store.Atomically(() =>
            {
                _store.Devices.Insert(Device("dev_b"));
                _store.OnCommitted(() => seenByAction = _store.Devices.Find("dev_b"));
            });
            ranInside = seenByAction is not null;
        });

        Assert.False(ranInside);
        Assert.NotNull(seenByAction);
    }

    [Fact]
    public void Records_RoundTripWithEmptyStringsLabelsAndNullables()
    {
        var device = Device("dev_c") with
        {
            Profile = new DeviceProfile { Labels = [new Label("kubernetes.io/arch", "arm64"), new Label("empty", "")] },
        };
        var token = new TokenRecord { Id = "tok_c", Hash = "abc", Role = Role.Agent, DeviceId = "dev_c" };

        _store.Devices.Insert(device);
        _store.Tokens.Insert(token);
        var stored = _store.Devices.Find("dev_c")!;
        var storedToken = _store.Tokens.FindByHash("abc")!;

        Assert.Equal("", stored.Profile.CpuModel);
        Assert.Equal(device.Profile.Labels, stored.Profile.Labels);
        Assert.Equal(["nb201"], stored.Spaces);
        Assert.Null(storedToken.RevokedUnixMs);
        Assert.Equal(1, _store.Tokens.CountActive(Role.Agent));
    }

    [Fact]
    public void Jobs_GetIncreasingSequenceNumbers_AndQueueInThatOrder()
    {
        _store.Devices.Insert(Device("dev_d"));
        var first = _store.Jobs.Insert([new JobRecord { Id = "job_1", DeviceId = "dev_d" }, new JobRecord { Id = "job_2", DeviceId = "dev_d" }]);
        var second = _store.Jobs.Insert([new JobRecord { Id = "job_3", DeviceId = "dev_d" }]);

        Assert.Equal([1L, 2L, 3L], first.Concat(second).Select(j => j.Seq));
        Assert.Equal(["job_1", "job_2"], _store.Jobs.NextQueued("dev_d", 2).Select(j => j.Id));
    }
}

using EdgeOpt.Server.Jobs;

namespace EdgeOpt.Server.Tests.Jobs;

public class JobDeliveryTests
{
    [Fact]
    public async Task WriteAll_EveryWriteSucceeds_WritesInOrderAndReturnsNothing()
    {
        var written = new List<string>();
        var returned = new List<string>();

        await JobDelivery.WriteAllAsync(["a", "b", "c"], job => { written.Add(job); return Task.CompletedTask; }, returned.AddRange);

        Assert.Equal(["a", "b", "c"], written);
        Assert.Empty(returned);
    }

    [Fact]
    public async Task WriteAll_AWriteFails_TheJobInFlightKeepsItsLeaseAndOnlyUnwrittenJobsGoBack()
    {
        var returned = new List<string>();
        Task Write(string job) => job == "b" ? Task.FromException(new OperationCanceledException("the agent hung up")) : Task.CompletedTask;

        var error = await Assert.ThrowsAsync<OperationCanceledException>(() => JobDelivery.WriteAllAsync(["a", "b", "c", "d"], Write, returned.AddRange));

        Assert.Equal("the agent hung up", error.Message);
        Assert.Equal(["c", "d"], returned);
    }

    [Fact]
    public async Task WriteAll_TheLastWriteFails_NothingGoesBackAndTheErrorPropagates()
    {
        var calls = 0;
        Task Write(string job) => job == "c" ? Task.FromException(new IOException("reset")) : Task.CompletedTask;

        await Assert.ThrowsAsync<IOException>(() => JobDelivery.WriteAllAsync(["a", "b", "c"], Write, _ => calls++));

        Assert.Equal(0, calls);
    }
}

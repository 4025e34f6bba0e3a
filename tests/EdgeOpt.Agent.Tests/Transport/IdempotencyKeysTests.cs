using EdgeOpt.Agent.Transport;

namespace EdgeOpt.Agent.Tests.Transport;

public sealed class IdempotencyKeysTests
{
    [Fact]
    public void ForJob_SameDeviceJobAndAttempt_SameKey()
    {
        Assert.Equal(IdempotencyKeys.ForJob("dev-1", "job-9", 2), IdempotencyKeys.ForJob("dev-1", "job-9", 2));
    }

    [Fact]
    public void ForJob_AnotherAttemptJobOrDevice_AnotherKey()
    {
        var key = IdempotencyKeys.ForJob("dev-1", "job-9", 2);

        Assert.NotEqual(key, IdempotencyKeys.ForJob("dev-1", "job-9", 3));
        Assert.NotEqual(key, IdempotencyKeys.ForJob("dev-1", "job-8", 2));
        Assert.NotEqual(key, IdempotencyKeys.ForJob("dev-2", "job-9", 2));
    }
}

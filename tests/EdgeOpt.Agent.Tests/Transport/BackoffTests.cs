using EdgeOpt.Agent.Transport;

namespace EdgeOpt.Agent.Tests.Transport;

public sealed class BackoffTests
{
    [Fact]
    public void Ceiling_DoublesEachAttemptUpToTheMaximum()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

        Assert.Equal(
            new[] { 0.5, 1, 2, 4, 8, 16, 30, 30 }.Select(TimeSpan.FromSeconds),
            Enumerable.Range(0, 8).Select(backoff.Ceiling));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Ceiling(10_000));
    }

    [Fact]
    public void Delay_LiesBetweenHalfTheCeilingAndTheCeilingAndVaries()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(42));

        for (var attempt = 0; attempt < 12; attempt++)
        {
            var ceiling = backoff.Ceiling(attempt);
            var delays = Enumerable.Range(0, 200).Select(_ => backoff.Delay(attempt)).ToArray();
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 100, $"attempt {attempt}: the jitter barely varies");
        }
    }

    [Fact]
    public void Constructor_MaximumBelowInitial_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }
}

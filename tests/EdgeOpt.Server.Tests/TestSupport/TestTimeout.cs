namespace EdgeOpt.Server.Tests.TestSupport;

public static class TestTimeout
{
    /// <summary>A token that cancels after <paramref name="seconds"/>, so a hung call fails the test instead of the run.</summary>
    public static CancellationToken Token(double seconds = 20) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}

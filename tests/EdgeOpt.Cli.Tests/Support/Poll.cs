namespace EdgeOpt.Cli.Tests.Support;

public static class Poll
{
    /// <summary>
    /// Asks <paramref name="probe"/> every <paramref name="interval"/> until it returns a value <paramref name="done"/>
    /// accepts; throws with <paramref name="describe"/>'s view of the last value after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"condition not reached within {timeout.TotalSeconds} s; last seen: {describe(value)}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250));
        }
    }
}

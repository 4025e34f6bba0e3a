namespace EdgeOpt.Server.Jobs;

/// <summary>
/// Writes leased jobs onto an agent's stream. A server-streaming write cannot tell whether the agent got the message:
/// a write may fail (the agent hung up, the server is stopping) after its bytes went out and were read. So a job whose
/// write was started counts as delivered and keeps its lease (if the agent never got it, the lease expires and the
/// sweeper puts it back in the queue, counting one of its attempts); only the jobs after it, never written, go back to
/// the queue at once, without an attempt counted. Returning
/// the job in flight too would take a job the agent may be running away from it, and its report would then be refused
/// ("queued, not leased").
/// </summary>
public static class JobDelivery
{
    /// <summary>
    /// Writes <paramref name="leased"/> in order with <paramref name="write"/>; when a write throws, hands the jobs not yet
    /// written to <paramref name="returnUnwritten"/> and rethrows.
    /// </summary>
    public static async Task WriteAllAsync<TJob>(
        IReadOnlyList<TJob> leased, Func<TJob, Task> write, Action<IReadOnlyList<TJob>> returnUnwritten)
    {
        ArgumentNullException.ThrowIfNull(leased);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(returnUnwritten);
        for (int i = 0; i < leased.Count; i++)
        {
            try
            {
                await write(leased[i]).ConfigureAwait(false);
            }
            catch
            {
                var unwritten = leased.Skip(i + 1).ToList();
                if (unwritten.Count > 0) returnUnwritten(unwritten);
                throw;
            }
        }
    }
}

using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Jobs;

/// <summary>
/// Background upkeep every <see cref="ServerOptions.LeaseSweepInterval"/>: returns expired job leases to the queue
/// (their agent died or lost contact) and forgets idempotency keys older than the retention.
/// </summary>
public sealed class LeaseSweeper(
    IJobScheduler scheduler,
    IFleetStore store,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<LeaseSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    scheduler.RequeueExpiredLeases();
                    long cutoff = time.GetUtcNow().Subtract(options.Value.ReportKeyRetention).ToUnixTimeMilliseconds();
                    int forgotten = store.ReportKeys.DeleteCreatedBefore(cutoff);
                    if (forgotten > 0) logger.LogInformation("Forgot {Count} report idempotency keys older than {Retention}", forgotten, options.Value.ReportKeyRetention);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Lease sweep failed; retrying at the next tick");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeOpt.Server.Hosting;

/// <summary>Healthy while the store answers a read.</summary>
public sealed class StoreHealthCheck(IFleetStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = store.Tokens.CountActive(Domain.Role.Operator);
            return Task.FromResult(HealthCheckResult.Healthy("store readable"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("store unreadable", e));
        }
    }
}

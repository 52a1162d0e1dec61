using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vrrp.Hosting.Tests.TestSupport;

/// <summary>A health check whose answer the test sets; counts its runs.</summary>
internal sealed class FakeHealthCheck : IHealthCheck
{
    private int _runs;

    public volatile bool Healthy = true;

    public int Runs => Volatile.Read(ref _runs);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _runs);
        return Task.FromResult(Healthy ? HealthCheckResult.Healthy("fine") : HealthCheckResult.Unhealthy("broken"));
    }
}

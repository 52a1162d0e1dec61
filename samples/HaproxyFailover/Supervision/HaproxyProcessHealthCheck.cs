using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaproxyFailover.Supervision;

/// <summary>
/// The supervisor's state as a health check: Healthy while HAProxy runs, Degraded while it is being (re)started within
/// the crash budget (the node keeps the VIP: a restart takes milliseconds), Unhealthy once the supervisor gave up.
/// </summary>
internal sealed class HaproxyProcessHealthCheck(HaproxySupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HaproxyStatus status = supervisor.Status;
        string description = status.ToString();
        return Task.FromResult(status.State switch
        {
            HaproxyState.Running => HealthCheckResult.Healthy(description),
            HaproxyState.Starting or HaproxyState.Restarting => HealthCheckResult.Degraded(description),
            _ => HealthCheckResult.Unhealthy(description),
        });
    }
}

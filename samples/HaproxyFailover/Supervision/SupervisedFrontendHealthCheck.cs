using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaproxyFailover.Supervision;

/// <summary>
/// The frontend check as the VRRP instance tracks it: while the supervisor is (re)starting HAProxy, the frontend is
/// not checked (Degraded: passing), because a restart is judged by the supervisor, which gives up after
/// <see cref="HaproxyOptions.StartTimeout"/>; otherwise a slow restart (HAProxy on a loaded machine can take a second)
/// would fail the check twice, move the VIP away and, a moment later, back.
/// </summary>
internal sealed class SupervisedFrontendHealthCheck(HaproxySupervisor supervisor, IHaproxyProbe frontend) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HaproxyStatus status = supervisor.Status;
        return status.State is HaproxyState.Starting or HaproxyState.Restarting
            ? Task.FromResult(HealthCheckResult.Degraded($"not checked while HAProxy starts ({status})"))
            : frontend.CheckHealthAsync(context, cancellationToken);
    }
}

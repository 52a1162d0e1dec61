using HaproxyFailover.Supervision;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vrrp.Hosting.Tests.Samples;

/// <summary>A frontend check that answers what <see cref="Healthy"/> says, at once.</summary>
internal sealed class FakeHaproxyProbe : IHaproxyProbe
{
    private int _calls;
    private volatile bool _healthy = true;

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public TimeSpan Timeout => TimeSpan.FromMilliseconds(300);

    public int Calls => Volatile.Read(ref _calls);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(Healthy ? HealthCheckResult.Healthy("answers") : HealthCheckResult.Unhealthy("connection refused"));
    }
}

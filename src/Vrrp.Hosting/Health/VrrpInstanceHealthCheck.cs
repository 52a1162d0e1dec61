using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrrp.Instances;
using Vrrp.StateMachine;

namespace Vrrp.Hosting.Health;

/// <summary>
/// Publishes hosted VRRP instances as an <see cref="IHealthCheck"/> for a <c>/health</c> endpoint: Unhealthy while an
/// instance is in Fault, Degraded while it is not running (not started yet, waiting for its interface, stopped),
/// Healthy as Master or Backup. Registered with <c>IVrrpBuilder.AddInstanceHealthCheck</c>.
/// </summary>
public sealed class VrrpInstanceHealthCheck : IHealthCheck
{
    private readonly VrrpInstanceRegistry _registry;
    private readonly string? _instanceName;

    /// <summary>Creates the check.</summary>
    /// <param name="registry">The host's instances.</param>
    /// <param name="instanceName">One instance, or null for all of them (the worst one decides).</param>
    public VrrpInstanceHealthCheck(VrrpInstanceRegistry registry, string? instanceName = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _instanceName = instanceName;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> names = _instanceName is null ? _registry.Names : [_instanceName];
        if (names.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded("no VRRP instance is configured."));
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        HealthStatus worst = HealthStatus.Healthy;
        var problems = new List<string>();
        foreach (string name in names)
        {
            VrrpInstance? instance = _registry.Find(name);
            VrrpState state = instance?.State ?? VrrpState.Initialize;
            data[name] = state.ToString();
            HealthStatus status = state switch
            {
                VrrpState.Master or VrrpState.Backup => HealthStatus.Healthy,
                VrrpState.Fault => HealthStatus.Unhealthy,
                _ => HealthStatus.Degraded,
            };
            if (status != HealthStatus.Healthy)
            {
                problems.Add(instance is null ? $"{name}: not running" : instance.Explain());
            }

            worst = status < worst ? status : worst;
        }

        string description = problems.Count == 0 ? $"{names.Count} VRRP instance(s) master or backup" : string.Join("; ", problems);
        return Task.FromResult(new HealthCheckResult(worst, description, data: data));
    }
}

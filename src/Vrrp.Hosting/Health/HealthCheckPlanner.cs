using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Vrrp.Config.Options;
using Vrrp.Hosting.Configuration;

namespace Vrrp.Hosting.Health;

/// <summary>
/// Turns the <c>vrrp_script</c>s the instances track and the registered <see cref="VrrpHealthCheckTracking"/>s into
/// pollers, checking at host start that each tracking names an instance and a registered health check.
/// </summary>
internal static class HealthCheckPlanner
{
    /// <summary>Returns a poller per <c>vrrp_script</c> some instance tracks and per valid tracking; adds configuration errors to <paramref name="errors"/>.</summary>
    public static List<HealthCheckPollerPlan> Plan(VrrpHostPlan plan, IReadOnlyList<VrrpHealthCheckTracking> trackings, IServiceProvider services, List<string> errors)
    {
        var pollers = new List<HealthCheckPollerPlan>();
        foreach ((string name, VrrpScriptOptions script) in plan.Scripts)
        {
            TimeSpan timeout = script.Timeout ?? script.Interval;
            ScriptHealthCheck check;
            try
            {
                check = new ScriptHealthCheck(script.Script, timeout) { RunAs = plan.ScriptRunAs.For(script) };
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                errors.Add($"vrrp_script {name}: {ex.Message}");
                continue;
            }

            var context = new HealthCheckContext { Registration = new HealthCheckRegistration(name, check, HealthStatus.Unhealthy, null) };
            List<(string, string)> targets = [.. plan.Instances.Where(i => i.TrackedScripts.Contains(name)).Select(i => (i.Name, name))];

            // The script kills itself at its timeout; the poller's own limit is only a backstop.
            pollers.Add(new HealthCheckPollerPlan(name, ct => check.CheckHealthAsync(context, ct), script.Interval, timeout + TimeSpan.FromSeconds(1), targets));
        }

        if (trackings.Count == 0)
        {
            return pollers;
        }

        HealthCheckServiceOptions registered = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value;
        foreach (VrrpHealthCheckTracking tracking in trackings)
        {
            if (tracking.Validate() is { } problem)
            {
                errors.Add(problem);
                continue;
            }

            if (!plan.Instances.Any(i => i.Name == tracking.InstanceName))
            {
                errors.Add($"health check tracking {tracking.EffectiveItemName}: there is no instance {tracking.InstanceName}.");
                continue;
            }

            if (!registered.Registrations.Any(tracking.Matches))
            {
                errors.Add($"health check tracking {tracking.EffectiveItemName} for {tracking.InstanceName}: no registered health check {(tracking.HealthCheckName is null ? "has tag " + tracking.Tag : "is named " + tracking.HealthCheckName)}.");
                continue;
            }

            VrrpHealthCheckTracking selected = tracking;
            pollers.Add(new HealthCheckPollerPlan(
                $"{tracking.EffectiveItemName} ({tracking.InstanceName})",
                ct => RunHealthChecksAsync(services, selected, ct),
                tracking.Interval,
                tracking.Timeout ?? tracking.Interval,
                [(tracking.InstanceName, tracking.EffectiveItemName)]));
        }

        return pollers;
    }

    private static async Task<HealthCheckResult> RunHealthChecksAsync(IServiceProvider services, VrrpHealthCheckTracking tracking, CancellationToken cancellationToken)
    {
        HealthCheckService service = services.GetRequiredService<HealthCheckService>();
        HealthReport report = await service.CheckHealthAsync(tracking.Matches, cancellationToken).ConfigureAwait(false);
        string description = string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is null ? string.Empty : " (" + e.Value.Description + ")")}"));
        return new HealthCheckResult(report.Status, description);
    }
}

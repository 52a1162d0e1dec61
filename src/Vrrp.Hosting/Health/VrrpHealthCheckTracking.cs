using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrrp.Tracking;

namespace Vrrp.Hosting.Health;

/// <summary>
/// Tracks registered <see cref="IHealthCheck"/>s (selected by name or by tag) as a tracked item of a VRRP instance, with
/// keepalived's weight, rise, fall and init_fail: a .NET service drives failover from its own health checks.
/// Added with <c>IVrrpBuilder.AddHealthCheckTracking</c>.
/// </summary>
public sealed class VrrpHealthCheckTracking
{
    /// <summary>Gets or sets the instance whose priority (or fault) the checks move. Required.</summary>
    public string InstanceName { get; set; } = string.Empty;

    /// <summary>Gets or sets the name of the health check to track (as registered with <c>AddHealthChecks().AddCheck(name, ...)</c>).</summary>
    /// <value>The default value is null: use <see cref="Tag"/>.</value>
    public string? HealthCheckName { get; set; }

    /// <summary>Gets or sets a tag: every health check with it is run, and the item fails when any of them is unhealthy.</summary>
    /// <value>The default value is null: use <see cref="HealthCheckName"/>.</value>
    public string? Tag { get; set; }

    /// <summary>Gets or sets the tracked item's name, shown in explanations.</summary>
    /// <value>The default value is null: the health check's name, or <c>tag:TAG</c>.</value>
    public string? ItemName { get; set; }

    /// <summary>Gets or sets the weight (see <see cref="VrrpTrackedItem.Weight"/>): negative lowers the priority while failing, 0 puts the instance in fault.</summary>
    public int Weight { get; set; }

    /// <summary>Gets or sets whether the weight applies while the check passes instead (keepalived's <c>reverse</c>).</summary>
    public bool Reverse { get; set; }

    /// <summary>Gets or sets how many passes in a row bring a failing item up.</summary>
    /// <value>The default value is 1.</value>
    public int Rise { get; set; } = 1;

    /// <summary>Gets or sets how many failures in a row bring a passing item down.</summary>
    /// <value>The default value is 1.</value>
    public int Fall { get; set; } = 1;

    /// <summary>Gets or sets whether the item starts failing until it has risen.</summary>
    public bool InitFail { get; set; }

    /// <summary>Gets or sets how often the checks run.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long one run may take before it counts as a failure.</summary>
    /// <value>The default value is null: the interval.</value>
    public TimeSpan? Timeout { get; set; }

    internal string EffectiveItemName => ItemName ?? HealthCheckName ?? "tag:" + Tag;

    internal bool Matches(HealthCheckRegistration registration) =>
        HealthCheckName is not null ? string.Equals(registration.Name, HealthCheckName, StringComparison.Ordinal) : Tag is not null && registration.Tags.Contains(Tag);

    internal VrrpTrackedItem ToTrackedItem() => new()
    {
        Name = EffectiveItemName,
        Weight = Weight,
        Reverse = Reverse,
        Rise = Rise,
        Fall = Fall,
        InitFail = InitFail,
    };

    internal string? Validate()
    {
        if (string.IsNullOrWhiteSpace(InstanceName))
        {
            return "health check tracking needs an InstanceName.";
        }

        if ((HealthCheckName is null) == (Tag is null))
        {
            return $"health check tracking for {InstanceName}: set exactly one of HealthCheckName and Tag.";
        }

        if (Interval <= TimeSpan.Zero || Timeout <= TimeSpan.Zero)
        {
            return $"health check tracking {EffectiveItemName} for {InstanceName}: Interval and Timeout must be positive.";
        }

        return null;
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vrrp.Hosting.Health;

/// <summary>One health check to poll and the tracked items (instance, item name) its result feeds.</summary>
internal sealed record HealthCheckPollerPlan(string Name, Func<CancellationToken, Task<HealthCheckResult>> Check, TimeSpan Interval, TimeSpan Timeout, IReadOnlyList<(string Instance, string Item)> Targets);

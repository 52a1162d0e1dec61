using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaproxyFailover.Supervision;

/// <summary>Checks HAProxy through its frontend; also an <see cref="IHealthCheck"/>, tracked by the VRRP instance.</summary>
internal interface IHaproxyProbe : IHealthCheck
{
    /// <summary>Gets the longest one check may take; a check that takes longer has failed.</summary>
    TimeSpan Timeout { get; }
}

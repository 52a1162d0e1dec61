using System;

namespace Vrrp.Hosting;

/// <summary>Settings of the VRRP host (<c>services.AddVrrp(options =&gt; ...)</c>).</summary>
public sealed class VrrpHostingOptions
{
    /// <summary>Gets or sets how long one notify script may run before it is killed (keepalived has no limit).</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan NotifyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long shutdown waits for queued notify scripts (<c>notify_stop</c> included) to finish.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan NotifyDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets whether unsolicited Neighbor Advertisements carry the Router flag, for every instance:
    /// <see langword="true"/> or <see langword="false"/> forces it; <see langword="null"/> sets it when the interface
    /// forwards IPv6 (its <c>forwarding</c> sysctl), as keepalived does.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public bool? NeighborAdvertisementRouterFlag { get; set; }
}

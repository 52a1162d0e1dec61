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

    /// <summary>
    /// Gets or sets whether every instance binds its virtual addresses with a lease that the master renews as it sends
    /// advertisements, so that a master killed with SIGKILL or hung loses them by itself about when a backup takes
    /// over (on Linux: a kernel lifetime, see docs/failover.md). Graceful stops still remove them at once.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (<c>vrrp run</c> turns it on).</value>
    public bool UseVipLease { get; set; }

    /// <summary>Gets or sets the lease length, or <see langword="null"/> for the platform's default (on Linux max(2 s, ⌈5 × advert + 1 s⌉)).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? VipLeaseDuration { get; set; }
}

namespace Vrrp.Platform;

/// <summary>
/// When a new master announces its virtual addresses (gratuitous ARP / unsolicited NA): keepalived's
/// <c>garp_master_*</c> and <c>vrrp_garp_interval</c> / <c>vrrp_gna_interval</c> settings, with keepalived's defaults.
/// The platform's binder applies them.
/// </summary>
public sealed record VrrpAnnouncementSettings
{
    /// <summary>Gets the delay before the second burst (<c>garp_master_delay</c>); zero sends no second burst.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how many announcements per address each burst sends (<c>garp_master_repeat</c>).</summary>
    /// <value>The default value is 5.</value>
    public int Repeat { get; init; } = 5;

    /// <summary>
    /// Gets how many announcements per address each burst sends when the master hears a lower-priority advertisement
    /// (<c>garp_lower_prio_repeat</c>); 0 sends none; null uses <see cref="Repeat"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? LowerPriorityRepeat { get; init; }

    /// <summary>
    /// Gets the delay before the second burst after a lower-priority advertisement (<c>garp_lower_prio_delay</c>); zero
    /// sends no second burst; null uses <see cref="Delay"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? LowerPriorityDelay { get; init; }

    /// <summary>Gets the period of refresh announcements while master (<c>garp_master_refresh</c>); zero turns them off.</summary>
    /// <value>The default value is <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan RefreshInterval { get; init; }

    /// <summary>Gets how many announcements per address each refresh sends (<c>garp_master_refresh_repeat</c>).</summary>
    /// <value>The default value is 1.</value>
    public int RefreshRepeat { get; init; } = 1;

    /// <summary>Gets the pause between two announcements on one interface (<c>vrrp_garp_interval</c> for IPv4, <c>vrrp_gna_interval</c> for IPv6).</summary>
    /// <value>The default value is <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan Interval { get; init; }

    /// <summary>
    /// Gets whether unsolicited Neighbor Advertisements carry the Router flag: <see langword="true"/> or
    /// <see langword="false"/> forces it; <see langword="null"/> sets it when the interface forwards IPv6, as keepalived does.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public bool? NeighborAdvertisementRouterFlag { get; init; }

    /// <summary>
    /// Gets whether the virtual addresses are bound with a lease the master renews as it sends advertisements, so that
    /// a killed or hung master loses them by itself (on Linux a kernel lifetime); a platform without leases ignores it.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool UseVipLease { get; init; }

    /// <summary>Gets the lease length, or <see langword="null"/> for the platform's default derived from the advertisement interval.</summary>
    public TimeSpan? VipLeaseDuration { get; init; }

    /// <summary>
    /// Gets whether the virtual addresses live on a virtual MAC interface with the virtual router MAC
    /// (<c>use_vmac</c>); a platform without one ignores it.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool UseVirtualMac { get; init; }

    /// <summary>Gets the virtual MAC interface name (<c>use_vmac NAME</c>), or <see langword="null"/> for the platform's default (<c>vrrp.VRID</c> on Linux).</summary>
    public string? VirtualMacInterfaceName { get; init; }

    /// <summary>
    /// Gets whether advertisements leave from the base interface rather than the virtual MAC interface
    /// (<c>vmac_xmit_base</c>); only meaningful with <see cref="UseVirtualMac"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: from the virtual MAC interface, as keepalived.</value>
    public bool VirtualMacTransmitBase { get; init; }
}

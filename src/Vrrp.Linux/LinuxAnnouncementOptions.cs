using System.Net.NetworkInformation;

namespace Vrrp.Linux;

/// <summary>
/// When and how often a new master announces its virtual addresses: keepalived's <c>garp_master_*</c> and
/// <c>garp_interval</c> / <c>gna_interval</c> settings, with keepalived's defaults.
/// </summary>
public sealed class LinuxAnnouncementOptions
{
    /// <summary>Gets how many announcements per address are sent on becoming master (<c>garp_master_repeat</c>).</summary>
    /// <value>The default value is 5.</value>
    public int Repeat { get; init; } = 5;

    /// <summary>
    /// Gets the delay before a second burst of <see cref="Repeat"/> announcements (<c>garp_master_delay</c>);
    /// <see cref="TimeSpan.Zero"/> sends no second burst.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the period of refresh announcements while master (<c>garp_master_refresh</c>); zero turns them off.</summary>
    /// <value>The default value is <see cref="TimeSpan.Zero"/> (off).</value>
    public TimeSpan RefreshInterval { get; init; }

    /// <summary>
    /// Gets how many announcements per address each burst sends after the master heard a lower-priority advertisement
    /// (keepalived's <c>garp_lower_prio_repeat</c>); 0 sends none; null uses <see cref="Repeat"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? LowerPriorityRepeat { get; init; }

    /// <summary>
    /// Gets the delay before the second burst after a lower-priority advertisement (keepalived's
    /// <c>garp_lower_prio_delay</c>); zero sends no second burst; null uses <see cref="Delay"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? LowerPriorityDelay { get; init; }

    /// <summary>Gets how many announcements per address each refresh sends (<c>garp_master_refresh_repeat</c>).</summary>
    /// <value>The default value is 1.</value>
    public int RefreshRepeat { get; init; } = 1;

    /// <summary>Gets the pause between two announcements (<c>garp_interval</c>, <c>gna_interval</c>).</summary>
    /// <value>The default value is <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan Interval { get; init; }

    /// <summary>
    /// Gets whether unsolicited Neighbor Advertisements carry the Router flag (RFC 4861 §7.2.5: hosts that use the VIP
    /// as their IPv6 gateway need it): <see langword="true"/> or <see langword="false"/> forces it;
    /// <see langword="null"/> sets it when the interface forwards IPv6 (<c>net.ipv6.conf.IF.forwarding</c>, read at
    /// each announcement), as keepalived does.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (follow the interface's forwarding sysctl).</value>
    public bool? RouterFlag { get; init; }

    /// <summary>Gets the source MAC of the announcements, for a virtual MAC (<c>use_vmac</c>); null for the interface's own.</summary>
    public PhysicalAddress? SourceMacAddress { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Repeat, nameof(Repeat));
        ArgumentOutOfRangeException.ThrowIfNegative(RefreshRepeat, nameof(RefreshRepeat));
        ArgumentOutOfRangeException.ThrowIfNegative(LowerPriorityRepeat ?? 0, nameof(LowerPriorityRepeat));
        ArgumentOutOfRangeException.ThrowIfLessThan(LowerPriorityDelay ?? TimeSpan.Zero, TimeSpan.Zero, nameof(LowerPriorityDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(Delay, TimeSpan.Zero, nameof(Delay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RefreshInterval, TimeSpan.Zero, nameof(RefreshInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.Zero, nameof(Interval));
        if (SourceMacAddress is { } mac && mac.GetAddressBytes().Length != 6)
        {
            throw new ArgumentException($"The source MAC address must be 6 bytes; got {mac.GetAddressBytes().Length}.", nameof(SourceMacAddress));
        }
    }
}

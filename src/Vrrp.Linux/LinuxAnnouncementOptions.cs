using System.Net.NetworkInformation;
using Vrrp.Platform;

namespace Vrrp.Linux;

/// <summary>
/// How a Linux binder announces its virtual addresses: the schedule every platform shares (keepalived's
/// <c>garp_master_*</c>, <c>garp_interval</c> / <c>gna_interval</c>, the NA Router flag) and the source MAC.
/// </summary>
public sealed class LinuxAnnouncementOptions
{
    /// <summary>Gets when and how often announcements are sent.</summary>
    /// <value>The default value is keepalived's defaults (<see cref="VrrpAnnouncementSettings"/>'s).</value>
    public VrrpAnnouncementSettings Schedule { get; init; } = new();

    /// <summary>Gets the source MAC of the announcements, for a virtual MAC (<c>use_vmac</c>); null for the interface's own.</summary>
    public PhysicalAddress? SourceMacAddress { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Schedule);
        ArgumentOutOfRangeException.ThrowIfNegative(Schedule.Repeat, nameof(Schedule.Repeat));
        ArgumentOutOfRangeException.ThrowIfNegative(Schedule.RefreshRepeat, nameof(Schedule.RefreshRepeat));
        ArgumentOutOfRangeException.ThrowIfNegative(Schedule.LowerPriorityRepeat ?? 0, nameof(Schedule.LowerPriorityRepeat));
        ArgumentOutOfRangeException.ThrowIfLessThan(Schedule.LowerPriorityDelay ?? TimeSpan.Zero, TimeSpan.Zero, nameof(Schedule.LowerPriorityDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(Schedule.Delay, TimeSpan.Zero, nameof(Schedule.Delay));
        ArgumentOutOfRangeException.ThrowIfLessThan(Schedule.RefreshInterval, TimeSpan.Zero, nameof(Schedule.RefreshInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(Schedule.Interval, TimeSpan.Zero, nameof(Schedule.Interval));
        if (SourceMacAddress is { } mac && mac.GetAddressBytes().Length != 6)
        {
            throw new ArgumentException($"The source MAC address must be 6 bytes; got {mac.GetAddressBytes().Length}.", nameof(SourceMacAddress));
        }
    }
}

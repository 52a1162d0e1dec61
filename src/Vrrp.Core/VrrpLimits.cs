using System.Globalization;
using Vrrp.Packets;

namespace Vrrp;

/// <summary>
/// Every range VRRP (RFC 3768, RFC 5798) and keepalived allow, in one place. The keepalived.conf binder, the options
/// validator, <c>vrrp run</c>'s flags, <see cref="VrrpInstanceSettings.Validate"/> and the codec all ask here, so a
/// limit changes in one line and every message that states it follows.
/// </summary>
public static class VrrpLimits
{
    private const long TicksPerCentisecond = 10 * TimeSpan.TicksPerMillisecond;

    /// <summary>The lowest virtual router identifier.</summary>
    public const int MinVirtualRouterId = 1;

    /// <summary>The highest virtual router identifier.</summary>
    public const int MaxVirtualRouterId = 255;

    /// <summary>The lowest priority a running router may have (0 is sent only by a master that stops).</summary>
    public const int MinPriority = 1;

    /// <summary>The priority of the address owner, also the highest (RFC 5798 §5.2.4).</summary>
    public const int OwnerPriority = 255;

    /// <summary>The priority a stopping master sends so that a backup takes over after Skew_Time (RFC 5798 §6.4.3).</summary>
    public const int StoppingPriority = 0;

    /// <summary>How many addresses one advertisement carries at most (the 8-bit Count IPvX Addr field).</summary>
    public const int MaxAdvertisedAddresses = 255;

    /// <summary>The longest VRRPv2 simple-text password (RFC 3768 §5.3.10: 8 octets).</summary>
    public const int MaxAuthenticationPasswordLength = 8;

    /// <summary>The largest magnitude of a tracking weight (keepalived: -253..253).</summary>
    public const int MaxTrackWeight = 253;

    /// <summary>The shortest VRRPv2 advertisement interval: whole seconds only (RFC 3768 §5.3.7).</summary>
    public static readonly TimeSpan MinV2AdvertisementInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest VRRPv2 advertisement interval (an 8-bit count of seconds).</summary>
    public static readonly TimeSpan MaxV2AdvertisementInterval = TimeSpan.FromSeconds(255);

    /// <summary>The shortest VRRPv3 advertisement interval: one centisecond (RFC 5798 §5.2.7).</summary>
    public static readonly TimeSpan MinV3AdvertisementInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest VRRPv3 advertisement interval: 12 bits of centiseconds, 40.95 s (RFC 5798 §5.2.7).</summary>
    public static readonly TimeSpan MaxV3AdvertisementInterval = TimeSpan.FromMilliseconds(40_950);

    /// <summary>The longest preempt delay keepalived accepts (<c>preempt_delay</c>).</summary>
    public static readonly TimeSpan MaxPreemptDelay = TimeSpan.FromSeconds(1000);

    /// <summary>Gets the range of <see cref="MinVirtualRouterId"/>..<see cref="MaxVirtualRouterId"/> as a message states it.</summary>
    public static string VirtualRouterIdRange { get; } = Range(MinVirtualRouterId, MaxVirtualRouterId);

    /// <summary>Gets the range of <see cref="MinPriority"/>..<see cref="OwnerPriority"/> as a message states it.</summary>
    public static string PriorityRange { get; } = Range(MinPriority, OwnerPriority);

    /// <summary>Returns whether <paramref name="value"/> is a virtual router identifier.</summary>
    /// <param name="value">The identifier.</param>
    /// <returns><see langword="true"/> for 1 to 255.</returns>
    public static bool IsValidVirtualRouterId(long value) => value is >= MinVirtualRouterId and <= MaxVirtualRouterId;

    /// <summary>Returns whether <paramref name="value"/> is a priority a running router may be configured with.</summary>
    /// <param name="value">The priority.</param>
    /// <returns><see langword="true"/> for 1 to 255.</returns>
    public static bool IsValidPriority(long value) => value is >= MinPriority and <= OwnerPriority;

    /// <summary>Returns whether <paramref name="interval"/> is a preempt delay keepalived accepts (0 to 1000 s).</summary>
    /// <param name="interval">The delay.</param>
    /// <returns><see langword="true"/> when in range.</returns>
    public static bool IsValidPreemptDelay(TimeSpan interval) => interval >= TimeSpan.Zero && interval <= MaxPreemptDelay;

    /// <summary>
    /// Returns whether <paramref name="interval"/> can be carried by an advertisement of <paramref name="version"/>:
    /// whole seconds from 1 to 255 for VRRPv2, whole centiseconds from 0.01 to 40.95 s for VRRPv3.
    /// </summary>
    /// <param name="version">The VRRP version.</param>
    /// <param name="interval">The advertisement interval.</param>
    /// <returns><see langword="true"/> when the wire can carry it exactly.</returns>
    public static bool IsValidAdvertisementInterval(VrrpVersion version, TimeSpan interval) => version == VrrpVersion.V2
        ? interval.Ticks % TimeSpan.TicksPerSecond == 0 && interval >= MinV2AdvertisementInterval && interval <= MaxV2AdvertisementInterval
        : interval.Ticks % TicksPerCentisecond == 0 && interval >= MinV3AdvertisementInterval && interval <= MaxV3AdvertisementInterval;

    /// <summary>Describes the advertisement intervals <paramref name="version"/> allows, for messages.</summary>
    /// <param name="version">The VRRP version.</param>
    /// <returns>For example "whole seconds from 1 to 255".</returns>
    public static string DescribeAdvertisementInterval(VrrpVersion version) => version == VrrpVersion.V2
        ? "whole seconds from " + Range((long)MinV2AdvertisementInterval.TotalSeconds, (long)MaxV2AdvertisementInterval.TotalSeconds)
        : string.Create(CultureInfo.InvariantCulture, $"whole centiseconds from {MinV3AdvertisementInterval.TotalSeconds:0.00} to {MaxV3AdvertisementInterval.TotalSeconds:0.00} s");

    /// <summary>Converts an advertisement interval to the centiseconds the wire carries (RFC 5798 §5.2.7), rounding down.</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>The interval in centiseconds.</returns>
    public static int ToCentiseconds(TimeSpan interval) => (int)Math.Clamp(interval.Ticks / TicksPerCentisecond, 0, int.MaxValue);

    /// <summary>Formats a duration in seconds as messages state it, for example <c>0.05 s</c>.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The seconds with up to six decimals and the unit.</returns>
    public static string FormatSeconds(TimeSpan value) => value.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture) + " s";

    private static string Range(long min, long max) => string.Create(CultureInfo.InvariantCulture, $"{min} to {max}");
}

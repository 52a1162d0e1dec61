using Vrrp.Packets;

namespace Vrrp.StateMachine;

/// <summary>
/// The RFC 5798 §6.1 / RFC 3768 §6.1 timer formulas. Values are computed in whole microseconds with truncating
/// integer division, as keepalived does (FRR truncates to centiseconds instead, so its Skew_Time can be up to 10 ms
/// shorter): priority 200 at 1 s gives a Skew_Time of 218.75 ms and a Master_Down_Interval of 3.21875 s.
/// </summary>
public static class VrrpTimers
{
    /// <summary>The number of missed advertisements in Master_Down_Interval (RFC 5798 §6.1).</summary>
    public const int DownTimerAdverts = 3;

    internal const long MicrosecondsPerSecond = 1_000_000;
    internal const long MicrosecondsPerCentisecond = 10_000;

    /// <summary>
    /// Skew_Time: for VRRPv3 <c>((256 - Priority) * Master_Adver_Interval) / 256</c> (RFC 5798 §6.1), for VRRPv2
    /// <c>(256 - Priority) / 256</c> seconds (RFC 3768 §6.1, independent of the interval).
    /// </summary>
    /// <param name="version">The protocol version.</param>
    /// <param name="priority">The local priority (0 to 255).</param>
    /// <param name="masterAdverInterval">Master_Adver_Interval (ignored for VRRPv2).</param>
    /// <returns>Skew_Time, truncated to whole microseconds.</returns>
    public static TimeSpan SkewTime(VrrpVersion version, byte priority, TimeSpan masterAdverInterval) =>
        FromMicroseconds(SkewTimeMicroseconds(version, priority, ToMicroseconds(masterAdverInterval)));

    /// <summary>Master_Down_Interval: <c>3 * Master_Adver_Interval + Skew_Time</c> (RFC 5798 §6.1, RFC 3768 §6.1).</summary>
    /// <param name="version">The protocol version.</param>
    /// <param name="priority">The local priority (0 to 255).</param>
    /// <param name="masterAdverInterval">Master_Adver_Interval (for VRRPv2, the configured Advertisement_Interval).</param>
    /// <returns>Master_Down_Interval, truncated to whole microseconds.</returns>
    public static TimeSpan MasterDownInterval(VrrpVersion version, byte priority, TimeSpan masterAdverInterval) =>
        FromMicroseconds(MasterDownIntervalMicroseconds(version, priority, ToMicroseconds(masterAdverInterval)));

    internal static long SkewTimeMicroseconds(VrrpVersion version, byte priority, long masterAdverIntervalMicroseconds)
    {
        long basis = version == VrrpVersion.V2 ? MicrosecondsPerSecond : masterAdverIntervalMicroseconds;
        return (256 - priority) * basis / 256;
    }

    internal static long MasterDownIntervalMicroseconds(VrrpVersion version, byte priority, long masterAdverIntervalMicroseconds) =>
        (DownTimerAdverts * masterAdverIntervalMicroseconds) + SkewTimeMicroseconds(version, priority, masterAdverIntervalMicroseconds);

    internal static long ToMicroseconds(TimeSpan value) => value.Ticks / TimeSpan.TicksPerMicrosecond;

    internal static TimeSpan FromMicroseconds(long microseconds) => TimeSpan.FromTicks(microseconds * TimeSpan.TicksPerMicrosecond);
}

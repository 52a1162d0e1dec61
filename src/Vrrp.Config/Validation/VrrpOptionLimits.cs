using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vrrp.Config.Validation;

/// <summary>
/// The keepalived ranges that are not VRRP's (those are in <see cref="VrrpLimits"/>): timers of GARP/NA messages and
/// scripts, the pacing intervals, tracking weights. The keyword table, the binder and the validator ask here.
/// </summary>
internal static class VrrpOptionLimits
{
    /// <summary>The longest GARP/NA delay or refresh and script timeout keepalived reads (whole seconds of a 32-bit microsecond timer).</summary>
    public static readonly TimeSpan MaxGarpDelay = TimeSpan.FromSeconds(4294);

    /// <summary>The shortest <c>vrrp_garp_interval</c> / <c>vrrp_gna_interval</c> keepalived accepts: one microsecond.</summary>
    public static readonly TimeSpan MinPacingInterval = TimeSpan.FromTicks(10);

    /// <summary>The longest <c>vrrp_garp_interval</c> / <c>vrrp_gna_interval</c>: UINT_MAX microseconds.</summary>
    public static readonly TimeSpan MaxPacingInterval = TimeSpan.FromSeconds(4294.967295);

    /// <summary>Gets the pacing interval range as messages state it.</summary>
    public static string PacingIntervalRange { get; } = string.Create(CultureInfo.InvariantCulture, $"[{MinPacingInterval.TotalSeconds:0.######}, {MaxPacingInterval.TotalSeconds:0.######}] s");

    /// <summary>Gets the tracking weight range as messages state it.</summary>
    public static string WeightRange { get; } = string.Create(CultureInfo.InvariantCulture, $"{-VrrpLimits.MaxTrackWeight} to {VrrpLimits.MaxTrackWeight}");

    /// <summary>Returns whether <paramref name="weight"/> is a tracking weight keepalived accepts.</summary>
    public static bool IsValidWeight(long weight) => weight is >= -VrrpLimits.MaxTrackWeight and <= VrrpLimits.MaxTrackWeight;

    /// <summary>The largest weight magnitude of a track_file or vrrp_track_process (keepalived reads -254..254).</summary>
    public const int MaxTrackerWeight = 254;

    /// <summary>Gets the track_file / vrrp_track_process weight range as messages state it.</summary>
    public static string TrackerWeightRange { get; } = string.Create(CultureInfo.InvariantCulture, $"{-MaxTrackerWeight} to {MaxTrackerWeight}");

    /// <summary>The longest <c>delay</c> / <c>fork_delay</c> / <c>terminate_delay</c> of a vrrp_track_process.</summary>
    public static readonly TimeSpan MaxProcessDelay = TimeSpan.FromSeconds(3600);

    /// <summary>The longest <c>vip_command_timeout</c>.</summary>
    public static readonly TimeSpan MaxVipCommandTimeout = TimeSpan.FromHours(1);

    /// <summary>The shortest <c>vip_command_timeout</c>.</summary>
    public static readonly TimeSpan MinVipCommandTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The most <c>vip_command_retries</c>.</summary>
    public const int MaxVipCommandRetries = 100;

    /// <summary>The longest <c>vip_command_retry_delay</c>, also the cap of its doubling.</summary>
    public static readonly TimeSpan MaxVipCommandRetryDelay = TimeSpan.FromSeconds(60);

    /// <summary>The largest <c>quorum</c> / <c>quorum_max</c> of a vrrp_track_process.</summary>
    public const int MaxQuorum = 65535;

    /// <summary>The lowest SCHED_RR priority (<c>vrrp_rt_priority</c>).</summary>
    public const int MinRealtimePriority = 1;

    /// <summary>The highest SCHED_RR priority (<c>vrrp_rt_priority</c>; Linux's sched_get_priority_max(SCHED_RR)).</summary>
    public const int MaxRealtimePriority = 99;

    /// <summary>Returns the family of <c>address[/prefix]</c>, or <see cref="AddressFamily.Unknown"/> when it does not parse.</summary>
    public static AddressFamily FamilyOf(string address) =>
        IPAddressParser.TryParseWithPrefix(address, out IPAddress parsed, out _, out _) ? parsed.AddressFamily : AddressFamily.Unknown;
}

using Vrrp.Packets;

namespace Vrrp.Config.Options;

/// <summary>The VRRP settings of keepalived's <c>global_defs</c> block: identity, protocol defaults and script security.</summary>
public sealed class GlobalDefinitionsOptions
{
    /// <summary>Gets or sets a name for this machine (<c>router_id</c>), used in notifications and logs.</summary>
    /// <value>The default is <see langword="null"/>: the host name.</value>
    public string? RouterId { get; set; }

    /// <summary>Gets or sets the VRRP version of instances that do not set one (<c>vrrp_version</c>).</summary>
    /// <value>The default is <see cref="VrrpVersion.V2"/>. IPv6 instances always use version 3.</value>
    public VrrpVersion VrrpVersion { get; set; } = VrrpVersion.V2;

    /// <summary>Gets or sets the IPv4 multicast group adverts are sent to (<c>vrrp_mcast_group4</c>).</summary>
    /// <value>The default is <c>224.0.0.18</c> (RFC 5798 §5.1.1.2).</value>
    public string MulticastGroup4 { get; set; } = "224.0.0.18";

    /// <summary>Gets or sets the IPv6 multicast group adverts are sent to (<c>vrrp_mcast_group6</c>).</summary>
    /// <value>The default is <c>ff02::12</c> (RFC 5798 §5.1.2.2).</value>
    public string MulticastGroup6 { get; set; } = "ff02::12";

    /// <summary>Gets or sets whether strict RFC conformance is on by default (<c>vrrp_strict</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Strict { get; set; }

    /// <summary>Gets or sets the default delay before the second burst of gratuitous ARPs after becoming master (<c>vrrp_garp_master_delay</c>).</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan GarpMasterDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the default number of gratuitous ARPs sent in each burst (<c>vrrp_garp_master_repeat</c>).</summary>
    /// <value>The default is 5.</value>
    public int GarpMasterRepeat { get; set; } = 5;

    /// <summary>Gets or sets the default interval of periodic gratuitous ARPs while master (<c>vrrp_garp_master_refresh</c>).</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>: no periodic refresh.</value>
    public TimeSpan GarpMasterRefresh { get; set; }

    /// <summary>Gets or sets the default number of gratuitous ARPs in each periodic refresh (<c>vrrp_garp_master_refresh_repeat</c>).</summary>
    /// <value>The default is 1.</value>
    public int GarpMasterRefreshRepeat { get; set; } = 1;

    /// <summary>Gets or sets the default number of gratuitous ARPs in each burst after a master hears a lower-priority advert (<c>vrrp_garp_lower_prio_repeat</c>); 0 sends none.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GarpMasterRepeat"/>.</value>
    public int? GarpLowerPriorityRepeat { get; set; }

    /// <summary>Gets or sets the default delay before the second burst after a master hears a lower-priority advert (<c>vrrp_garp_lower_prio_delay</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GarpMasterDelay"/>.</value>
    public TimeSpan? GarpLowerPriorityDelay { get; set; }

    /// <summary>Gets or sets the default of <c>lower_prio_no_advert</c> (<c>vrrp_lower_prio_no_advert</c>).</summary>
    /// <value>The default is <see langword="false"/>: a master answers a lower-priority advert (RFC 9568), unless strict mode is on.</value>
    public bool LowerPriorityNoAdvert { get; set; }

    /// <summary>Gets or sets the default of <c>higher_prio_send_advert</c> (<c>vrrp_higher_prio_send_advert</c>).</summary>
    /// <value>The default is <see langword="null"/>: see <see cref="VrrpInstanceOptions.HigherPrioritySendAdvert"/>.</value>
    public bool? HigherPrioritySendAdvert { get; set; }

    /// <summary>Gets or sets the delay between gratuitous ARPs on one interface (<c>vrrp_garp_interval</c>).</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>: no delay.</value>
    public TimeSpan GarpInterval { get; set; }

    /// <summary>Gets or sets the delay between unsolicited neighbour advertisements on one interface (<c>vrrp_gna_interval</c>).</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>: no delay.</value>
    public TimeSpan GnaInterval { get; set; }

    /// <summary>Gets or sets whether adverts whose address list differs from the configured one are accepted (<c>vrrp_skip_check_adv_addr</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool SkipCheckAdvertisementAddresses { get; set; }

    /// <summary>Gets or sets whether unicast adverts from a source that is not a configured peer are dropped (<c>vrrp_check_unicast_src</c>).</summary>
    /// <value>The default is <see langword="false"/>: they are used and counted, as keepalived does.</value>
    public bool CheckUnicastSource { get; set; }

    /// <summary>
    /// Gets or sets whether adverts whose address list differs from the configured one are dropped, as keepalived did
    /// before 2.3.3 (<c>vrrp_drop_adv_addr_mismatch</c>, a Vrrp extension).
    /// </summary>
    /// <value>The default is <see langword="false"/>: used, counted and logged once per source (keepalived 2.3.3).</value>
    public bool DropAddressListMismatch { get; set; }

    /// <summary>Gets or sets the default user scripts run as (<c>script_user USER [GROUP]</c>).</summary>
    /// <value>The default is <see langword="null"/>: keepalived's <c>keepalived_script</c> user, or root when it does not exist.</value>
    public string? ScriptUser { get; set; }

    /// <summary>Gets or sets the default group scripts run as (the second word of <c>script_user</c>).</summary>
    /// <value>The default is <see langword="null"/>: the user's group.</value>
    public string? ScriptGroup { get; set; }

    /// <summary>Gets or sets whether scripts that non-root users could change are refused (<c>enable_script_security</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool EnableScriptSecurity { get; set; }

    /// <summary>
    /// Gets or sets the SCHED_RR priority, 1 to 99, of the threads that keep VRRP's time: the timer thread and the
    /// advert receive threads, not the whole process (<c>vrrp_rt_priority</c>). Setting it needs CAP_SYS_NICE (or an
    /// RLIMIT_RTPRIO at least this high); without, a warning is logged and the daemon runs at normal priority.
    /// </summary>
    /// <value>The default is <see langword="null"/>: normal scheduling.</value>
    public int? RealtimePriority { get; set; }

    /// <summary>
    /// Gets or sets the CPU time in microseconds a realtime thread may use without blocking before the kernel stops the
    /// process (RLIMIT_RTTIME, <c>vrrp_rlimit_rttime</c>); used only with <see cref="RealtimePriority"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: keepalived's 10000 µs.</value>
    public int? RealtimeRuntimeLimitMicroseconds { get; set; }

    /// <summary>Gets or sets whether the process's memory is locked in RAM, so it is never swapped out (<c>vrrp_no_swap</c>, mlockall).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool NoSwap { get; set; }
}

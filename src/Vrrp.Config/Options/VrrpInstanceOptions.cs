using Vrrp.Packets;

namespace Vrrp.Config.Options;

/// <summary>One VRRP instance: one virtual router (VRID) on one interface for one address family (keepalived's <c>vrrp_instance NAME { }</c>).</summary>
public sealed class VrrpInstanceOptions : VrrpTrackingOptions
{
    /// <summary>Gets or sets the state the instance starts in (<c>state</c>).</summary>
    /// <value>The default is <see cref="VrrpInitialState.Backup"/>.</value>
    public VrrpInitialState State { get; set; }

    /// <summary>Gets or sets the interface adverts are sent and received on (<c>interface</c>). Required.</summary>
    /// <value>The default is <see langword="null"/> (invalid).</value>
    public string? Interface { get; set; }

    /// <summary>Gets or sets the virtual router identifier, 1..255 (<c>virtual_router_id</c>). Required.</summary>
    /// <value>The default is 0 (invalid).</value>
    public int VirtualRouterId { get; set; }

    /// <summary>Gets or sets the priority, 1..255; 255 means this machine owns the addresses (<c>priority</c>).</summary>
    /// <value>The default is 100. keepalived.conf files that say <c>state MASTER</c> without a priority get 255, as keepalived gives them.</value>
    public int Priority { get; set; } = 100;

    /// <summary>Gets or sets the advertisement interval (<c>advert_int</c>): whole seconds 1..255 for VRRPv2, 0.01..40.95 s for VRRPv3.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan AdvertisementInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the VRRP version (<c>version</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.VrrpVersion"/>, and version 3 for IPv6.</value>
    public VrrpVersion? Version { get; set; }

    /// <summary>Gets or sets the VRRPv2 authentication (<c>authentication { }</c>).</summary>
    /// <value>The default is <see langword="null"/>: none.</value>
    public VrrpAuthenticationOptions? Authentication { get; set; }

    /// <summary>Gets or sets whether a higher-priority backup takes over from a lower-priority master (<c>nopreempt</c> sets it to <see langword="false"/>).</summary>
    /// <value>The default is <see langword="true"/> (RFC 5798 Preempt_Mode).</value>
    public bool Preempt { get; set; } = true;

    /// <summary>Gets or sets how long a backup defers to a lower-priority master after first hearing it (<c>preempt_delay</c>, 0..1000 s).</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan PreemptDelay { get; set; }

    /// <summary>Gets or sets the source address of unicast adverts (<c>unicast_src_ip</c>).</summary>
    /// <value>The default is <see langword="null"/>: the interface's primary address.</value>
    public string? UnicastSourceAddress { get; set; }

    /// <summary>Gets the peers adverts are sent to by unicast instead of multicast (<c>unicast_peer { }</c>).</summary>
    public List<UnicastPeerOptions> UnicastPeers { get; } = [];

    /// <summary>Gets or sets the source address of multicast adverts (<c>mcast_src_ip</c>).</summary>
    /// <value>The default is <see langword="null"/>: the interface's primary address.</value>
    public string? MulticastSourceAddress { get; set; }

    /// <summary>Gets or sets the multicast group this instance's adverts go to (<c>mcast_dst_ip</c>).</summary>
    /// <value>The default is <see langword="null"/>: the global <c>vrrp_mcast_group4</c> / <c>vrrp_mcast_group6</c>.</value>
    public string? MulticastDestinationAddress { get; set; }

    /// <summary>Gets the virtual IP addresses, sent in adverts (<c>virtual_ipaddress { }</c>).</summary>
    public List<VirtualIpAddressOptions> VirtualIpAddresses { get; } = [];

    /// <summary>Gets further addresses the master holds but does not advertise; they may be of either family (<c>virtual_ipaddress_excluded { }</c>).</summary>
    public List<VirtualIpAddressOptions> ExcludedVirtualIpAddresses { get; } = [];

    /// <summary>Gets the routes the master adds (<c>virtual_routes { }</c>), as written; recognised, not implemented.</summary>
    public List<string> VirtualRoutes { get; } = [];

    /// <summary>Gets the policy-routing rules the master adds (<c>virtual_rules { }</c>), as written; recognised, not implemented.</summary>
    public List<string> VirtualRules { get; } = [];

    /// <summary>Gets or sets the delay before the second burst of gratuitous ARPs after becoming master (<c>garp_master_delay</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.GarpMasterDelay"/> (5 s).</value>
    public TimeSpan? GarpMasterDelay { get; set; }

    /// <summary>Gets or sets how many gratuitous ARPs each burst sends (<c>garp_master_repeat</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.GarpMasterRepeat"/> (5).</value>
    public int? GarpMasterRepeat { get; set; }

    /// <summary>Gets or sets the interval of periodic gratuitous ARPs while master (<c>garp_master_refresh</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.GarpMasterRefresh"/> (off).</value>
    public TimeSpan? GarpMasterRefresh { get; set; }

    /// <summary>Gets or sets how many gratuitous ARPs each periodic refresh sends (<c>garp_master_refresh_repeat</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.GarpMasterRefreshRepeat"/> (1).</value>
    public int? GarpMasterRefreshRepeat { get; set; }

    /// <summary>Gets or sets whether the instance uses a virtual MAC interface (<c>use_vmac</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseVirtualMac { get; set; }

    /// <summary>Gets or sets the name of the virtual MAC interface (<c>use_vmac NAME</c>).</summary>
    /// <value>The default is <see langword="null"/>: <c>vrrp.VRID</c>.</value>
    public string? VirtualMacInterface { get; set; }

    /// <summary>Gets or sets whether adverts are sent from the base interface rather than the virtual MAC one (<c>vmac_xmit_base</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool VirtualMacTransmitBase { get; set; }

    /// <summary>Gets or sets whether a non-owner master accepts packets addressed to the virtual addresses (<c>accept</c> / <c>no_accept</c>, RFC 5798 Accept_Mode).</summary>
    /// <value>The default is <see langword="null"/>: accept, unless strict mode is on.</value>
    public bool? Accept { get; set; }

    /// <summary>Gets or sets whether the instance is forced to IPv6 (<c>native_ipv6</c>, deprecated by keepalived: the family follows the addresses).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool NativeIpv6 { get; set; }

    /// <summary>Gets or sets whether the state of <see cref="Interface"/> itself is ignored (<c>dont_track_primary</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool DontTrackPrimary { get; set; }

    /// <summary>Gets or sets whether adverts whose address list differs from the configured one are accepted (<c>skip_check_adv_addr</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.SkipCheckAdvertisementAddresses"/>.</value>
    public bool? SkipCheckAdvertisementAddresses { get; set; }

    /// <summary>Gets or sets whether unicast adverts from a source that is not a configured peer are dropped (<c>check_unicast_src</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.CheckUnicastSource"/>.</value>
    public bool? CheckUnicastSource { get; set; }

    /// <summary>Gets or sets whether adverts whose address list differs from the configured one are dropped (<c>drop_adv_addr_mismatch</c>, a Vrrp extension).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.DropAddressListMismatch"/>.</value>
    public bool? DropAddressListMismatch { get; set; }

    /// <summary>Gets or sets whether a master stays silent when it hears a lower-priority advert (<c>lower_prio_no_advert</c>).</summary>
    /// <value>The default is <see langword="null"/>: it answers with an advert (RFC 9568), unless strict mode is on.</value>
    public bool? LowerPriorityNoAdvert { get; set; }

    /// <summary>
    /// Gets or sets whether a master that hears a higher-priority advert sends one advert of its own before it goes
    /// backup (<c>higher_prio_send_advert</c>), so that the other master re-sends its gratuitous ARPs
    /// (<c>garp_lower_prio_repeat</c>) after a split brain.
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.HigherPrioritySendAdvert"/>, else on
    /// unless <c>lower_prio_no_advert</c> (keepalived defaults it to off; off in strict mode).
    /// </value>
    public bool? HigherPrioritySendAdvert { get; set; }

    /// <summary>Gets or sets how many gratuitous ARPs each burst sends when the master hears a lower-priority advert (<c>garp_lower_prio_repeat</c>); 0 sends none.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.GarpLowerPriorityRepeat"/> (0 in strict mode).</value>
    public int? GarpLowerPriorityRepeat { get; set; }

    /// <summary>Gets or sets the delay before the second burst after the master hears a lower-priority advert (<c>garp_lower_prio_delay</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.GarpLowerPriorityDelay"/> (0 in strict mode).</value>
    public TimeSpan? GarpLowerPriorityDelay { get; set; }

    /// <summary>
    /// Gets or sets the commands that move the virtual addresses (<c>vip_take_command</c> and its companions, a Vrrp
    /// extension for clouds whose VPC moves an address through an API). With a take command the instance's addresses
    /// move by command instead of, or with <see cref="VrrpVipCommandOptions.BindLocal"/> besides, binding them on the interface.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the addresses are bound on the interface.</value>
    public VrrpVipCommandOptions? VipCommands { get; set; }

    /// <summary>Gets or sets strict RFC conformance for this instance (<c>strict_mode</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.Strict"/>.</value>
    public bool? StrictMode { get; set; }
}

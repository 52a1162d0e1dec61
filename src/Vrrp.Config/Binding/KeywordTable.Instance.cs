using Vrrp.Config.Options;
using Vrrp.Config.Validation;

namespace Vrrp.Config.Binding;

internal static partial class KeywordTable
{
    private static void DeclareInstance(KeywordBlock<VrrpInstanceOptions> i)
    {
        TimeSpan maxGarp = VrrpOptionLimits.MaxGarpDelay;
        i.Custom("state", KeywordArity.One, "MASTER|BACKUP", nameof(VrrpInstanceOptions.State), "the state to start in (MASTER without a priority means 255)", (b, n, s, o) => b.BindState(n, s, o), "MASTER or BACKUP", "BACKUP")
            .Word("interface", nameof(VrrpInstanceOptions.Interface), "NAME", "the interface adverts go out on (required)", (o, v) => o.Interface = v)
            .Custom("virtual_router_id", KeywordArity.One, "INTEGER", nameof(VrrpInstanceOptions.VirtualRouterId), "the VRID, the same on every node of the pair (required)", (b, n, s, o) => b.BindVirtualRouterId(n, s, o), VrrpLimits.VirtualRouterIdRange)
            .Custom("priority", KeywordArity.One, "INTEGER", nameof(VrrpInstanceOptions.Priority), "the election priority; 255 is the address owner", (b, n, s, o) => b.BindPriority(n, s, o), VrrpLimits.PriorityRange, "100")
            .Seconds("advert_int", nameof(VrrpInstanceOptions.AdvertisementInterval), VrrpLimits.MinV3AdvertisementInterval, VrrpLimits.MaxV2AdvertisementInterval, "the advertisement interval (VRRPv2: whole seconds; VRRPv3: at most 40.95 s)", (o, v) => o.AdvertisementInterval = v, "1 s")
            .Custom("version", KeywordArity.One, "2|3", nameof(VrrpInstanceOptions.Version), "the VRRP version (IPv6 is always 3)", (b, n, s, o) =>
            {
                if (b.Version(n, out Packets.VrrpVersion version))
                {
                    o.Version = version;
                    b.Record(s.Of(nameof(o.Version)), n.Arguments[0]);
                }
            }, "2 or 3", "vrrp_version")
            .Custom("authentication", KeywordArity.Block, "{ auth_type; auth_pass }", nameof(VrrpInstanceOptions.Authentication), "VRRPv2 authentication", (b, n, s, o) =>
            {
                if (b.RequireBlock(n) is { } block)
                {
                    b.NoArguments(n);
                    b.BindAuthentication(s.Of(nameof(o.Authentication)), n, o, block);
                }
            })
            .Custom("nopreempt", KeywordArity.None, string.Empty, nameof(VrrpInstanceOptions.Preempt), "a backup does not take over from a lower-priority master", (b, n, s, o) => b.BindPreempt(n, s, o, false))
            .Custom("preempt", KeywordArity.None, string.Empty, nameof(VrrpInstanceOptions.Preempt), "a higher-priority backup takes over (the default)", (b, n, s, o) => b.BindPreempt(n, s, o, true))
            .Seconds("preempt_delay", nameof(VrrpInstanceOptions.PreemptDelay), TimeSpan.Zero, VrrpLimits.MaxPreemptDelay, "how long a higher-priority backup waits before taking over", (o, v) => o.PreemptDelay = v, "0 s")
            .Address("unicast_src_ip", nameof(VrrpInstanceOptions.UnicastSourceAddress), "the source address of unicast adverts", (o, v) => o.UnicastSourceAddress = v)
            .Address("mcast_src_ip", nameof(VrrpInstanceOptions.MulticastSourceAddress), "the source address of multicast adverts", (o, v) => o.MulticastSourceAddress = v)
            .Address("mcast_dst_ip", nameof(VrrpInstanceOptions.MulticastDestinationAddress), "the multicast group of this instance (default vrrp_mcast_group4/6)", (o, v) => o.MulticastDestinationAddress = v)
            .Lines("unicast_peer", nameof(VrrpInstanceOptions.UnicastPeers), "{ ADDRESS [min_ttl N] [max_ttl N] }", "send adverts to these peers instead of the multicast group", o => o.UnicastPeers, (b, line) => b.BindUnicastPeer(line))
            .Lines("virtual_ipaddress", nameof(VrrpInstanceOptions.VirtualIpAddresses), "{ ADDRESS[/PREFIX] [brd] [dev] [scope] [label] }", "the addresses the master holds and advertises", o => o.VirtualIpAddresses, (b, line) => b.BindVirtualAddress(line))
            .Lines("virtual_ipaddress_excluded", nameof(VrrpInstanceOptions.ExcludedVirtualIpAddresses), "{ ADDRESS[/PREFIX] ... }", "addresses the master holds but does not advertise", o => o.ExcludedVirtualIpAddresses, (b, line) => b.BindVirtualAddress(line));

        DeclareTrackingAndNotify(i, "the instance");
        i.Seconds("garp_master_delay", nameof(VrrpInstanceOptions.GarpMasterDelay), TimeSpan.Zero, maxGarp, "delay of the second GARP/NA burst", (o, v) => o.GarpMasterDelay = v, "vrrp_garp_master_delay")
            .AtLeastOne("garp_master_repeat", nameof(VrrpInstanceOptions.GarpMasterRepeat), "GARP/NA messages per burst", (o, v) => o.GarpMasterRepeat = v, "vrrp_garp_master_repeat")
            .Seconds("garp_master_refresh", nameof(VrrpInstanceOptions.GarpMasterRefresh), TimeSpan.Zero, maxGarp, "interval of GARP/NA refreshes while master", (o, v) => o.GarpMasterRefresh = v, "vrrp_garp_master_refresh")
            .AtLeastOne("garp_master_refresh_repeat", nameof(VrrpInstanceOptions.GarpMasterRefreshRepeat), "GARP/NA messages per refresh", (o, v) => o.GarpMasterRefreshRepeat = v, "vrrp_garp_master_refresh_repeat")
            .Flag("accept", nameof(VrrpInstanceOptions.Accept), "the master accepts traffic to the virtual addresses", (o, v) => o.Accept = v, "on (off in strict mode)")
            .Custom("no_accept", KeywordArity.Flag, "[BOOL]", nameof(VrrpInstanceOptions.Accept), "the opposite of accept; not enforced (no firewall rules), warned about", (b, n, s, o) => b.BindNoAccept(n, s, o), @default: "off")
            .Flag("native_ipv6", nameof(VrrpInstanceOptions.NativeIpv6), "an IPv6 instance (the family also follows the first address)", (o, v) => o.NativeIpv6 = v)
            .Flag("dont_track_primary", nameof(VrrpInstanceOptions.DontTrackPrimary), "the interface going down does not fault the instance", (o, v) => o.DontTrackPrimary = v)
            .Flag("skip_check_adv_addr", nameof(VrrpInstanceOptions.SkipCheckAdvertisementAddresses), "do not compare the addresses in adverts with ours", (o, v) => o.SkipCheckAdvertisementAddresses = v, "vrrp_skip_check_adv_addr")
            .Flag("check_unicast_src", nameof(VrrpInstanceOptions.CheckUnicastSource), "drop unicast adverts not from a unicast_peer", (o, v) => o.CheckUnicastSource = v, "vrrp_check_unicast_src")
            .Flag("drop_adv_addr_mismatch", nameof(VrrpInstanceOptions.DropAddressListMismatch), "drop adverts whose address list differs from ours", (o, v) => o.DropAddressListMismatch = v, "vrrp_drop_adv_addr_mismatch")
            .Flag("lower_prio_no_advert", nameof(VrrpInstanceOptions.LowerPriorityNoAdvert), "a master does not answer a lower-priority advert", (o, v) => o.LowerPriorityNoAdvert = v, "off (on in strict mode)")
            .Flag("higher_prio_send_advert", nameof(VrrpInstanceOptions.HigherPrioritySendAdvert), "a backup that sees a lower-priority master sends an advert first", (o, v) => o.HigherPrioritySendAdvert = v, "vrrp_higher_prio_send_advert")
            .Integer("garp_lower_prio_repeat", nameof(VrrpInstanceOptions.GarpLowerPriorityRepeat), 0, int.MaxValue, "GARP/NA messages when a lower-priority advert arrives while master", (o, v) => o.GarpLowerPriorityRepeat = v, "vrrp_garp_lower_prio_repeat")
            .Seconds("garp_lower_prio_delay", nameof(VrrpInstanceOptions.GarpLowerPriorityDelay), TimeSpan.Zero, maxGarp, "delay of those GARP/NA messages", (o, v) => o.GarpLowerPriorityDelay = v, "vrrp_garp_lower_prio_delay")
            .Flag("strict_mode", nameof(VrrpInstanceOptions.StrictMode), "strict RFC conformance: keepalived's corrections are applied and reported", (o, v) => o.StrictMode = v, "vrrp_strict")
            .Custom("use_vmac", KeywordArity.One, "[NAME]", nameof(VrrpInstanceOptions.UseVirtualMac), "a macvlan interface with the virtual router MAC (a MAC argument is warned about, not applied)", (b, n, s, o) => b.BindUseVirtualMac(n, s, o), @default: "off")
            .Flag("vmac_xmit_base", nameof(VrrpInstanceOptions.VirtualMacTransmitBase), "adverts from the base interface instead of the VMAC", (o, v) => o.VirtualMacTransmitBase = v);

        // Vrrp extensions: the addresses move by command (a cloud API) instead of, or besides, ARP takeover.
        i.Command("vip_take_command", "VipCommands:Take", "*Vrrp extension:* run to move the addresses here on becoming master, with `take INSTANCE INTERFACE VIP/LEN...`", (o, v) => VipCommands(o).Take = v)
            .Command("vip_release_command", "VipCommands:Release", "*Vrrp extension:* run to give the addresses up on leaving master and at stop (needs vip_take_command)", (o, v) => VipCommands(o).Release = v)
            .Command("vip_confirm_command", "VipCommands:Confirm", "*Vrrp extension:* run after a successful take, retried until it exits 0: the move is then confirmed", (o, v) => VipCommands(o).Confirm = v)
            .Seconds("vip_command_timeout", "VipCommands:Timeout", VrrpOptionLimits.MinVipCommandTimeout, VrrpOptionLimits.MaxVipCommandTimeout, "*Vrrp extension:* how long one run of a VIP command may take before it is killed", (o, v) => VipCommands(o).Timeout = v, "10 s")
            .Integer("vip_command_retries", "VipCommands:Retries", 0, VrrpOptionLimits.MaxVipCommandRetries, "*Vrrp extension:* how many times a failed VIP command runs again", (o, v) => VipCommands(o).Retries = v, "3")
            .Seconds("vip_command_retry_delay", "VipCommands:RetryDelay", TimeSpan.Zero, VrrpOptionLimits.MaxVipCommandRetryDelay, "*Vrrp extension:* the pause before the first retry, doubled for each further one up to 60 s", (o, v) => VipCommands(o).RetryDelay = v, "1 s")
            .Flag("vip_command_bind_local", "VipCommands:BindLocal", "*Vrrp extension:* also bind the addresses on the interface while the commands move them", (o, v) => VipCommands(o).BindLocal = v);

        // Recognised, kept in the options where they have a place, and reported as not implemented.
        i.RawLines("virtual_routes", nameof(VrrpInstanceOptions.VirtualRoutes), o => o.VirtualRoutes)
            .RawLines("virtual_rules", nameof(VrrpInstanceOptions.VirtualRules), o => o.VirtualRules)
            .Recognised(
                "use_vmac_addr", "use_ipvlan", "unicast_fault_no_peer", "old_unicast_checksum", "vrf", "track_bfd",
                "track_src_ip", "unicast_ttl", "promote_secondaries", "linkbeat_use_polling", "debug", "notify_deleted",
                "notify_master_rx_lower_pri", "notify_priority_changes", "lvs_sync_daemon_interface",
                "down_timer_adverts", "garp_extra_if", "vmac_garp_intvl", "kernel_rx_buf_size");
    }

    /// <summary>The instance's VIP commands, created by the first vip_* keyword.</summary>
    private static VrrpVipCommandOptions VipCommands(VrrpInstanceOptions instance) => instance.VipCommands ??= new VrrpVipCommandOptions();
}

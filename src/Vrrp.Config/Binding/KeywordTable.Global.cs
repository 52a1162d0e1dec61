using System.Net.Sockets;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;
using Vrrp.Config.Validation;

namespace Vrrp.Config.Binding;

internal static partial class KeywordTable
{
    private static void DeclareGlobal(KeywordBlock<GlobalDefinitionsOptions> g)
    {
        TimeSpan maxGarp = VrrpOptionLimits.MaxGarpDelay;
        g.Word("router_id", nameof(GlobalDefinitionsOptions.RouterId), "NAME", "names this node in messages", (o, v) => o.RouterId = v)
            .Custom("vrrp_version", KeywordArity.One, "2|3", nameof(GlobalDefinitionsOptions.VrrpVersion), "the VRRP version of instances without `version`", (b, n, s, o) =>
            {
                if (b.Version(n, out Packets.VrrpVersion version))
                {
                    o.VrrpVersion = version;
                    b.Record(s.Of(nameof(o.VrrpVersion)), n.Arguments[0]);
                }
            }, "2 or 3", "2")
            .Custom("vrrp_mcast_group4", KeywordArity.One, "IPV4", nameof(GlobalDefinitionsOptions.MulticastGroup4), "the IPv4 multicast group adverts go to", (b, n, s, o) =>
            {
                if (b.Address(n, AddressFamily.InterNetwork, out ConfToken group))
                {
                    o.MulticastGroup4 = group.Text;
                    b.Record(s.Of(nameof(o.MulticastGroup4)), group);
                }
            }, "an IPv4 multicast address", "224.0.0.18")
            .Custom("vrrp_mcast_group6", KeywordArity.One, "IPV6", nameof(GlobalDefinitionsOptions.MulticastGroup6), "the IPv6 multicast group adverts go to", (b, n, s, o) =>
            {
                if (b.Address(n, AddressFamily.InterNetworkV6, out ConfToken group))
                {
                    o.MulticastGroup6 = group.Text;
                    b.Record(s.Of(nameof(o.MulticastGroup6)), group);
                }
            }, "an IPv6 multicast address", "ff02::12")
            .Flag("vrrp_strict", nameof(GlobalDefinitionsOptions.Strict), "strict RFC conformance for every instance (see strict_mode)", (o, v) => o.Strict = v)
            .Flag("vrrp_skip_check_adv_addr", nameof(GlobalDefinitionsOptions.SkipCheckAdvertisementAddresses), "default of skip_check_adv_addr", (o, v) => o.SkipCheckAdvertisementAddresses = v)
            .Flag("vrrp_check_unicast_src", nameof(GlobalDefinitionsOptions.CheckUnicastSource), "default of check_unicast_src", (o, v) => o.CheckUnicastSource = v)
            .Flag("vrrp_drop_adv_addr_mismatch", nameof(GlobalDefinitionsOptions.DropAddressListMismatch), "default of drop_adv_addr_mismatch", (o, v) => o.DropAddressListMismatch = v)
            .Flag("enable_script_security", nameof(GlobalDefinitionsOptions.EnableScriptSecurity), "refuse scripts a non-root user could change", (o, v) => o.EnableScriptSecurity = v)
            .Seconds("vrrp_garp_master_delay", nameof(GlobalDefinitionsOptions.GarpMasterDelay), TimeSpan.Zero, maxGarp, "delay of the second GARP/NA burst after becoming master", (o, v) => o.GarpMasterDelay = v, "5 s")
            .Integer("vrrp_garp_master_repeat", nameof(GlobalDefinitionsOptions.GarpMasterRepeat), 1, int.MaxValue, "GARP/NA messages per burst", (o, v) => o.GarpMasterRepeat = v, "5")
            .Seconds("vrrp_garp_master_refresh", nameof(GlobalDefinitionsOptions.GarpMasterRefresh), TimeSpan.Zero, maxGarp, "interval of GARP/NA refreshes while master (0: none)", (o, v) => o.GarpMasterRefresh = v, "0 s")
            .Integer("vrrp_garp_master_refresh_repeat", nameof(GlobalDefinitionsOptions.GarpMasterRefreshRepeat), 1, int.MaxValue, "GARP/NA messages per refresh", (o, v) => o.GarpMasterRefreshRepeat = v, "1")
            .Integer("vrrp_garp_lower_prio_repeat", nameof(GlobalDefinitionsOptions.GarpLowerPriorityRepeat), 0, int.MaxValue, "GARP/NA messages when a lower-priority advert arrives while master", (o, v) => o.GarpLowerPriorityRepeat = v, "vrrp_garp_master_repeat")
            .Seconds("vrrp_garp_lower_prio_delay", nameof(GlobalDefinitionsOptions.GarpLowerPriorityDelay), TimeSpan.Zero, maxGarp, "delay of those GARP/NA messages", (o, v) => o.GarpLowerPriorityDelay = v, "vrrp_garp_master_delay")
            .Flag("vrrp_lower_prio_no_advert", nameof(GlobalDefinitionsOptions.LowerPriorityNoAdvert), "default of lower_prio_no_advert", (o, v) => o.LowerPriorityNoAdvert = v)
            .Flag("vrrp_higher_prio_send_advert", nameof(GlobalDefinitionsOptions.HigherPrioritySendAdvert), "default of higher_prio_send_advert", (o, v) => o.HigherPrioritySendAdvert = v)
            .Custom("vrrp_garp_interval", KeywordArity.One, "SECONDS", nameof(GlobalDefinitionsOptions.GarpInterval), "pause between GARP messages (0, as many configurations write it, is warned about and means none)", (b, n, s, o) => o.GarpInterval = b.PacingInterval(n, s.Path, nameof(o.GarpInterval)), VrrpOptionLimits.PacingIntervalRange, "0 s")
            .Custom("vrrp_gna_interval", KeywordArity.One, "SECONDS", nameof(GlobalDefinitionsOptions.GnaInterval), "pause between unsolicited NA messages (0 as for vrrp_garp_interval)", (b, n, s, o) => o.GnaInterval = b.PacingInterval(n, s.Path, nameof(o.GnaInterval)), VrrpOptionLimits.PacingIntervalRange, "0 s")
            .Integer("vrrp_rt_priority", nameof(GlobalDefinitionsOptions.RealtimePriority), VrrpOptionLimits.MinRealtimePriority, VrrpOptionLimits.MaxRealtimePriority, "SCHED_RR priority of the timer and advert receive threads (needs CAP_SYS_NICE; warned about and ignored without)", (o, v) => o.RealtimePriority = v, "none")
            .Integer("vrrp_rlimit_rttime", nameof(GlobalDefinitionsOptions.RealtimeRuntimeLimitMicroseconds), 1, int.MaxValue, "µs of CPU a realtime thread may use without blocking (RLIMIT_RTTIME), with vrrp_rt_priority", (o, v) => o.RealtimeRuntimeLimitMicroseconds = v, "10000")
            .Integer("vrrp_rlimit_rtime", nameof(GlobalDefinitionsOptions.RealtimeRuntimeLimitMicroseconds), 1, int.MaxValue, "keepalived's older spelling of vrrp_rlimit_rttime", (o, v) => o.RealtimeRuntimeLimitMicroseconds = v, "10000")
            .Flag("vrrp_no_swap", nameof(GlobalDefinitionsOptions.NoSwap), "lock the process's memory in RAM (mlockall)", (o, v) => o.NoSwap = v)
            .Custom("script_user", KeywordArity.OneOrTwo, "USER [GROUP]", nameof(GlobalDefinitionsOptions.ScriptUser), "the user (and group) scripts run as", (b, n, s, o) =>
            {
                if (b.Word(n, out ConfToken user, maxArguments: 2))
                {
                    o.ScriptUser = user.Text;
                    o.ScriptGroup = n.Arguments.Count > 1 ? n.Arguments[1].Text : null;
                    b.Record(s.Of(nameof(o.ScriptUser)), user);
                }
            });

        g.Recognised(
            "process_names", "process_name", "vrrp_process_name", "checker_process_name", "lvs_process_name", "bfd_process_name",
            "notification_email_from", "smtp_server", "smtp_helo_name", "smtp_connect_timeout", "notification_email", "smtp_alert",
            "startup_script", "startup_script_timeout", "shutdown_script", "shutdown_script_timeout", "max_auto_priority",
            "min_auto_priority_delay", "smtp_alert_vrrp", "smtp_alert_checker", "checker_log_all_failures", "dynamic_interfaces",
            "no_email_faults", "default_interface", "disable_local_igmp", "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop",
            "lvs_flush_onstop", "lvs_sync_daemon",
            "vrrp_down_timer_adverts", "vrrp_min_garp", "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl",
            "vrrp_iptables", "vrrp_ipsets", "nftables", "nftables_priority", "nftables_ifindex",
            "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark", "nftables_counters",
            "vrrp_priority", "vrrp_cpu_affinity",
            "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo", "vrrp_notify_fifo_script", "vrrp_notify_priority_changes",
            "fifo_write_vrrp_states_on_reload", "lvs_notify_fifo", "lvs_notify_fifo_script", "checker_priority", "checker_no_swap",
            "checker_rt_priority", "checker_cpu_affinity", "checker_rlimit_rttime", "checker_rlimit_rtime", "bfd_priority",
            "bfd_no_swap", "bfd_rt_priority", "bfd_cpu_affinity", "bfd_rlimit_rttime", "bfd_rlimit_rtime", "snmp_socket",
            "enable_traps", "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
            "enable_snmp_checker", "enable_dbus", "dbus_service_name", "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force",
            "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs",
            "process_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force",
            "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force", "rs_init_notifies", "no_checker_emails",
            "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "vrrp_startup_delay", "log_unknown_vrids", "vmac_prefix",
            "vmac_addr_prefix", "umask", "random_seed", "reload_check_config", "reload_time_file", "reload_repeat", "reload_file",
            "include_check", "config_save_dir", "tmp_config_directory", "data_use_instance", "linkbeat_use_polling",
            "net_namespace", "use_pid_dir", "instance");
    }
}

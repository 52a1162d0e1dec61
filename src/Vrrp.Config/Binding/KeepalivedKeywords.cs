using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Vrrp.Config.Binding;

/// <summary>
/// keepalived 2.2.7's keywords per block (names only), split into the ones Vrrp implements and the ones it
/// recognises but does not implement. Anything else is unknown to keepalived too.
/// </summary>
internal static class KeepalivedKeywords
{
    public static readonly FrozenSet<string> TopLevelImplemented = Set("global_defs", "vrrp_script", "vrrp_sync_group", "vrrp_instance");

    public static readonly FrozenSet<string> TopLevelNotImplemented = Set(
        "track_group", "static_ipaddress", "static_routes", "static_rules", "garp_group", "linkbeat_interfaces",
        "vrrp_track_process", "vrrp_track_file", "track_file", "interface_up_down_delays", "linkbeat_use_polling",
        "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "use_pid_dir", "instance", "child_wait_time",
        "SSL", "virtual_server_group", "virtual_server", "bfd_instance");

    public static readonly FrozenSet<string> GlobalImplemented = Set(
        "router_id", "vrrp_version", "vrrp_mcast_group4", "vrrp_mcast_group6", "vrrp_strict",
        "vrrp_garp_master_delay", "vrrp_garp_master_repeat", "vrrp_garp_master_refresh", "vrrp_garp_master_refresh_repeat",
        "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_skip_check_adv_addr", "script_user", "enable_script_security",
        "vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_repeat", "vrrp_higher_prio_send_advert",
        "vrrp_check_unicast_src", "vrrp_drop_adv_addr_mismatch");

    public static readonly FrozenSet<string> GlobalNotImplemented = Set(
        "process_names", "process_name", "vrrp_process_name", "checker_process_name", "lvs_process_name", "bfd_process_name",
        "notification_email_from", "smtp_server", "smtp_helo_name", "smtp_connect_timeout", "notification_email", "smtp_alert",
        "startup_script", "startup_script_timeout", "shutdown_script", "shutdown_script_timeout", "max_auto_priority",
        "min_auto_priority_delay", "smtp_alert_vrrp", "smtp_alert_checker", "checker_log_all_failures", "dynamic_interfaces",
        "no_email_faults", "default_interface", "disable_local_igmp", "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop",
        "lvs_flush_onstop", "lvs_sync_daemon",
        "vrrp_down_timer_adverts", "vrrp_min_garp", "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl", "vrrp_lower_prio_no_advert",
        "vrrp_iptables", "vrrp_ipsets", "nftables", "nftables_priority", "nftables_ifindex",
        "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark", "nftables_counters",
        "vrrp_priority", "vrrp_no_swap", "vrrp_rt_priority", "vrrp_cpu_affinity", "vrrp_rlimit_rttime", "vrrp_rlimit_rtime",
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

    public static readonly FrozenSet<string> InstanceImplemented = Set(
        "state", "interface", "virtual_router_id", "priority", "advert_int", "version", "authentication", "nopreempt", "preempt",
        "preempt_delay", "unicast_src_ip", "unicast_peer", "mcast_src_ip", "mcast_dst_ip", "virtual_ipaddress", "virtual_ipaddress_excluded",
        "track_interface", "track_script", "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify",
        "garp_master_delay", "garp_master_repeat", "garp_master_refresh", "garp_master_refresh_repeat", "accept", "no_accept",
        "native_ipv6", "dont_track_primary", "skip_check_adv_addr", "lower_prio_no_advert", "higher_prio_send_advert", "strict_mode",
        "use_vmac", "vmac_xmit_base", "garp_lower_prio_delay", "garp_lower_prio_repeat", "check_unicast_src", "drop_adv_addr_mismatch");

    public static readonly FrozenSet<string> InstanceNotImplemented = Set(
        "virtual_routes", "virtual_rules", "track_file", "track_process", "smtp_alert",
        "use_vmac_addr", "use_ipvlan", "unicast_fault_no_peer", "old_unicast_checksum", "vrf", "track_bfd",
        "track_src_ip", "unicast_ttl", "promote_secondaries", "linkbeat_use_polling", "debug", "notify_deleted",
        "notify_master_rx_lower_pri", "notify_priority_changes", "lvs_sync_daemon_interface",
        "down_timer_adverts", "garp_extra_if", "vmac_garp_intvl", "kernel_rx_buf_size");

    public static readonly FrozenSet<string> AuthenticationImplemented = Set("auth_type", "auth_pass");

    public static readonly FrozenSet<string> ScriptImplemented = Set("script", "interval", "timeout", "weight", "rise", "fall", "user", "init_fail");

    public static readonly FrozenSet<string> SyncGroupImplemented = Set(
        "group", "track_interface", "track_script", "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify");

    public static readonly FrozenSet<string> SyncGroupNotImplemented = Set(
        "smtp_alert", "track_file", "track_process", "track_bfd", "global_tracking", "sync_group_tracking_weight", "notify_priority_changes");

    private static readonly FrozenSet<string> s_empty = Set();

    public static KeywordSupport GetSupport(KeywordContext context, string keyword)
    {
        if (Implemented(context).Contains(keyword))
        {
            return KeywordSupport.Implemented;
        }

        return NotImplemented(context).Contains(keyword) ? KeywordSupport.NotImplemented : KeywordSupport.Unknown;
    }

    public static FrozenSet<string> Implemented(KeywordContext context) => context switch
    {
        KeywordContext.TopLevel => TopLevelImplemented,
        KeywordContext.GlobalDefinitions => GlobalImplemented,
        KeywordContext.Instance => InstanceImplemented,
        KeywordContext.Authentication => AuthenticationImplemented,
        KeywordContext.Script => ScriptImplemented,
        KeywordContext.SyncGroup => SyncGroupImplemented,
        _ => s_empty,
    };

    public static FrozenSet<string> NotImplemented(KeywordContext context) => context switch
    {
        KeywordContext.TopLevel => TopLevelNotImplemented,
        KeywordContext.GlobalDefinitions => GlobalNotImplemented,
        KeywordContext.Instance => InstanceNotImplemented,
        KeywordContext.SyncGroup => SyncGroupNotImplemented,
        _ => s_empty,
    };

    public static string BlockName(KeywordContext context) => context switch
    {
        KeywordContext.TopLevel => "the top level",
        KeywordContext.GlobalDefinitions => "global_defs",
        KeywordContext.Instance => "vrrp_instance",
        KeywordContext.Authentication => "authentication",
        KeywordContext.Script => "vrrp_script",
        KeywordContext.SyncGroup => "vrrp_sync_group",
        _ => context.ToString(),
    };

    public static IEnumerable<KeywordContext> AllContexts => Enum.GetValues<KeywordContext>();

    private static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);
}

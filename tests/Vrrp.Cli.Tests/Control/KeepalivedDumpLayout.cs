namespace Vrrp.Cli.Tests.Control;

/// <summary>
/// What keepalived 2.2.7 (Debian/Ubuntu's) writes on SIGUSR1, SIGUSR2 and its JSON signal, taken from a real
/// keepalived on a namespace LAN (VRRPv2 multicast instance with a password, VRRPv3 unicast instance), reduced to
/// the parts a monitoring script parses: the line keys and the JSON field names.
/// </summary>
internal static class KeepalivedDumpLayout
{
    /// <summary>The keys of the instance lines of keepalived.data, in keepalived's order (text before " = ", or the whole line).</summary>
    public static readonly string[] DataKeys =
    [
        " VRRP Instance", "   VRRP Version", "   Sync group", "   Using Native IPv6", "   State", "   Master router", "   Master priority",
        "   Master advert int", "   Flags", "     Using unicast", "   Wantstate", "   Number of config faults",
        "   Number of interface and track script faults", "   Number of track scripts init", "   Last transition", "   Read timeout",
        "   Master down timer", "   Interface", "   Using src_ip", "   Multicast address", "   Gratuitous ARP delay", "   Gratuitous ARP repeat",
        "   Gratuitous ARP refresh", "   Gratuitous ARP refresh repeat", "   Gratuitous ARP lower priority delay",
        "   Gratuitous ARP lower priority repeat", "   Down timer adverts", "   Send advert after receive lower priority advert",
        "   Send advert after receive higher priority advert", "   Virtual Router ID", "   Priority", "   Effective priority", "   Total priority",
        "   Advert interval", "   Accept", "   Preempt", "   Preempt delay", "   Promote_secondaries", "   Authentication type", "   Password",
        "   Virtual IP", "   Virtual IP Excluded", "   Unicast TTL", "   Check unicast src", "   Unicast Peer",
    ];

    /// <summary>keepalived.stats for one instance, with every number replaced by N.</summary>
    public static readonly string[] StatsBlock =
    [
        "VRRP Instance: VI_1",
        "  Advertisements:",
        "    Received: N",
        "    Sent: N",
        "  Became master: N",
        "  Released master: N",
        "  Packet Errors:",
        "    Length: N",
        "    TTL: N",
        "    Invalid Type: N",
        "    Advertisement Interval: N",
        "    Address List: N",
        "  Authentication Errors:",
        "    Invalid Type: N",
        "    Type Mismatch: N",
        "    Failure: N",
        "  Priority Zero:",
        "    Received: N",
        "    Sent: N",
    ];

    /// <summary>The fields of <c>data</c> in keepalived.json (json_version 1).</summary>
    public static readonly string[] JsonDataFields =
    [
        "iname", "dont_track_primary", "skip_check_adv_addr", "strict_mode", "vmac_ifname", "ifp_ifname", "master_priority", "last_transition",
        "garp_delay", "garp_refresh", "garp_rep", "garp_refresh_rep", "garp_lower_prio_delay", "garp_lower_prio_rep", "lower_prio_no_advert",
        "higher_prio_send_advert", "vrid", "base_priority", "effective_priority", "vipset", "promote_secondaries", "adver_int", "master_adver_int",
        "accept", "nopreempt", "preempt_delay", "state", "wantstate", "version", "smtp_alert", "notify_deleted", "vips", "evips", "auth_type", "auth_data",
    ];

    /// <summary>The fields of <c>stats</c> in keepalived.json.</summary>
    public static readonly string[] JsonStatsFields =
    [
        "advert_rcvd", "advert_sent", "become_master", "release_master", "packet_len_err", "advert_interval_err", "ip_ttl_err", "invalid_type_rcvd",
        "addr_list_err", "invalid_authtype", "authtype_mismatch", "auth_failure", "pri_zero_rcvd", "pri_zero_sent",
    ];

    /// <summary>Returns a data line's key: the text before its value (" = ", " (", ":"), or null for an address under a heading.</summary>
    public static string? KeyOf(string line)
    {
        if (line.StartsWith("     ", StringComparison.Ordinal) && line.Length > 5 && Uri.IsHexDigit(line[5]))
        {
            return null;
        }

        if (line.StartsWith("   Multicast address ", StringComparison.Ordinal))
        {
            return "   Multicast address";
        }

        int end = line.IndexOfAny(['=', '(', ':']);
        return (end < 0 ? line : line[..end]).TrimEnd();
    }
}

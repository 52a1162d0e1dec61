using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.StateMachine;

namespace Vrrp.Cli.Dumps;

/// <summary>
/// keepalived.data (SIGUSR1): the <c>------&lt; VRRP Topology &gt;------</c> section of keepalived 2.2's dump
/// (vrrp_data.c <c>dump_vrrp</c>), with the lines whose values we know, in its order, indentation and wording. Lines
/// about things we do not keep (wantstate, config fault counts, sockets, GARP timers, the global definitions,
/// interfaces) are left out rather than filled with made-up values; passwords are masked.
/// </summary>
internal static class KeepalivedDataDump
{
    public const string TopologyHeader = "------< VRRP Topology >------";

    public static void Write(TextWriter output, IReadOnlyList<VrrpInstance> instances, DateTimeOffset now)
    {
        output.WriteLine(TopologyHeader);
        foreach (VrrpInstance instance in instances)
        {
            WriteInstance(output, instance, now);
        }
    }

    private static void WriteInstance(TextWriter output, VrrpInstance instance, DateTimeOffset now)
    {
        VrrpInstanceSettings settings = instance.Settings;
        VrrpInstanceStatus status = instance.GetStatus();
        bool v3 = settings.Version == VrrpVersion.V3;
        bool unicast = settings.UnicastPeers.Count > 0;
        void Line(string text) => output.WriteLine(text);

        Line($" VRRP Instance = {instance.Name}");
        Line(Invariant($"   VRRP Version = {(int)settings.Version}"));
        if (settings.SyncGroup is { } group)
        {
            Line($"   Sync group = {group}");
        }

        if (settings.PrimaryAddress.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Line("   Using Native IPv6");
        }

        Line($"   State = {KeepalivedStats.StateName(status.State)}");
        if (status.State == VrrpState.Backup)
        {
            Line($"   Master router = {status.MasterAddress?.ToString() ?? "(none)"}");
            Line(Invariant($"   Master priority = {status.MasterPriority}"));
            if (v3)
            {
                Line(Invariant($"   Master advert int = {status.MasterAdverInterval.TotalSeconds:0.00} sec"));
            }
        }

        Line(unicast ? "   Flags:\n     Using unicast" : "   Flags: none");
        DateTimeOffset since = now - status.TimeInState;
        Line(Invariant($"   Last transition = {TimeValue(since)} ({CTime(since)})"));
        Line(Invariant($"   Master down timer = {(long)status.MasterDownInterval.TotalMicroseconds} usecs"));
        Line($"   Interface = {settings.InterfaceName ?? "not configured"}");
        Line($"   Using src_ip = {settings.PrimaryAddress}");
        if (!unicast)
        {
            IPAddress multicast = settings.MulticastGroup
                ?? (settings.PrimaryAddress.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.Parse("ff02::12") : IPAddress.Parse("224.0.0.18"));
            Line($"   Multicast address {multicast}");
        }

        Line($"   Send advert after receive lower priority advert = {(settings.LowerPriorityNoAdvert ? "false" : "true")}");
        Line($"   Send advert after receive higher priority advert = {(settings.HigherPrioritySendAdvert == true ? "true" : "false")}");
        Line(Invariant($"   Virtual Router ID = {settings.VirtualRouterId}"));
        Line(Invariant($"   Priority = {status.BasePriority}"));
        Line(Invariant($"   Effective priority = {status.EffectivePriority}"));
        Line(v3
            ? Invariant($"   Advert interval = {(long)settings.AdvertInterval.TotalMilliseconds} milli-sec")
            : Invariant($"   Advert interval = {(long)settings.AdvertInterval.TotalSeconds} sec"));
        Line($"   Accept = {(settings.AcceptMode ? "enabled" : "disabled")}");
        Line($"   Preempt = {(settings.Preempt ? "enabled" : "disabled")}");
        if (settings.PreemptDelay > TimeSpan.Zero)
        {
            Line(Invariant($"   Preempt delay = {settings.PreemptDelay.TotalSeconds:0.######} secs"));
        }

        if (settings.AuthType == VrrpAuthType.IpAuthenticationHeader)
        {
            Line("   Authentication type = IPSEC_AH");
        }
        else if (settings.AuthType != VrrpAuthType.None)
        {
            Line("   Authentication type = SIMPLE_PASSWORD");
            Line("   Password = ********");
        }
        else if (!v3)
        {
            Line("   Authentication type = none");
        }

        WriteAddresses(output, $"   Virtual IP ({settings.VirtualAddresses.Count(a => !a.IsExcluded)}):", settings, status, excluded: false);
        WriteAddresses(output, "   Virtual IP Excluded :", settings, status, excluded: true);
        if (unicast)
        {
            Line($"   Check unicast src : {(settings.CheckUnicastSource ? "yes" : "no")}");
            Line("   Unicast Peer :");
            foreach (IPAddress peer in settings.UnicastPeers)
            {
                Line($"     {peer}");
            }
        }
    }

    private static void WriteAddresses(TextWriter output, string heading, VrrpInstanceSettings settings, VrrpInstanceStatus status, bool excluded)
    {
        string[] lines = AddressLines(settings, status, excluded);
        if (lines.Length > 0)
        {
            output.WriteLine(heading);
            Array.ForEach(lines, line => output.WriteLine($"     {line}"));
        }
    }

    /// <summary>The virtual (or excluded) addresses as keepalived lists them, <c>set</c> when they are installed.</summary>
    internal static string[] AddressLines(VrrpInstanceSettings settings, VrrpInstanceStatus status, bool excluded) =>
        [.. settings.VirtualAddresses.Where(a => a.IsExcluded == excluded)
            .Select(a => FormatAddress(a, settings.InterfaceName) + (status.OwnsVirtualAddresses ? " set" : string.Empty))];

    /// <summary>keepalived's <c>format_ipaddress</c>: <c>10.0.0.1/24 dev eth0 scope global</c> (a host prefix is not written).</summary>
    internal static string FormatAddress(VrrpVirtualAddress address, string? interfaceName)
    {
        int hostPrefix = address.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        string prefix = address.PrefixLength < 0 || address.PrefixLength == hostPrefix ? string.Empty : Invariant($"/{address.PrefixLength}");
        string scope = address.Scope switch
        {
            null or 0 => "global",
            200 => "site",
            253 => "link",
            254 => "host",
            255 => "nowhere",
            { } other => other.ToString(CultureInfo.InvariantCulture),
        };
        string label = address.Label is { } name ? $" label {name}" : string.Empty;
        return $"{address.Address}{prefix} dev {address.Device ?? interfaceName ?? "(none)"} scope {scope}{label}";
    }

    /// <summary>A <c>struct timeval</c> as keepalived prints it: seconds.microseconds since the epoch.</summary>
    internal static string TimeValue(DateTimeOffset time)
    {
        long microseconds = (time - DateTimeOffset.UnixEpoch).Ticks / 10;
        return Invariant($"{microseconds / 1_000_000}.{microseconds % 1_000_000:D6}");
    }

    /// <summary>keepalived's <c>ctime_us_r</c>: asctime in local time with microseconds before the year (<c>Sun Dec  6 08:28:36.181452 2026</c>).</summary>
    internal static string CTime(DateTimeOffset time)
    {
        DateTime local = time.LocalDateTime;
        long microseconds = (time.Ticks / 10) % 1_000_000;
        return Invariant($"{local:ddd MMM} {local.Day,2} {local:HH:mm:ss}.{microseconds:D6} {local:yyyy}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

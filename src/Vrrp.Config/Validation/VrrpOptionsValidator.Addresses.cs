using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;

namespace Vrrp.Config.Validation;

// The address rules of one vrrp_instance. Each address is parsed here, once, strictly (IPAddressParser, as inet_pton);
// the parsed values go into the ValidatedInstance so nothing downstream reads address text again.
public sealed partial class VrrpOptionsValidator
{
    private static readonly IPAddress s_rfcGroup4 = IPAddress.Parse("224.0.0.18");
    private static readonly IPAddress s_rfcGroup6 = IPAddress.Parse("ff02::12");

    /// <summary>Parses virtual_ipaddress and virtual_ipaddress_excluded into <paramref name="vips"/>; returns the instance's family.</summary>
    private static AddressFamily CheckVirtualAddresses(string path, string who, VrrpInstanceOptions instance, List<VrrpVirtualAddress> vips, Context context, Problems problems)
    {
        var seen = new Dictionary<IPAddress, string>();
        AddressFamily? family = null;
        ParseVirtualAddresses(path + ":VirtualIpAddresses", who, instance.VirtualIpAddresses, excluded: false, vips, seen, ref family, context, problems);
        int advertised = vips.Count;
        ParseVirtualAddresses(path + ":ExcludedVirtualIpAddresses", who, instance.ExcludedVirtualIpAddresses, excluded: true, vips, seen, ref family, context, problems);
        if (instance.VirtualIpAddresses.Count == 0)
        {
            problems.Error(path + ":VirtualIpAddresses", ConfigDiagnosticCodes.NoVirtualAddress, $"{who} has no virtual_ipaddress: an advertisement carries at least one virtual address (RFC 5798 erratum 8299)", "add `virtual_ipaddress { ADDRESS }`");
        }
        else if (advertised > VrrpLimits.MaxAdvertisedAddresses)
        {
            problems.Error(path + ":VirtualIpAddresses", ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: at most {VrrpLimits.MaxAdvertisedAddresses} virtual addresses fit in an advertisement, not {advertised}"), "move the rest to virtual_ipaddress_excluded");
        }

        return family ?? AddressFamily.InterNetwork;
    }

    private static void ParseVirtualAddresses(string path, string who, List<VirtualIpAddressOptions> addresses, bool excluded, List<VrrpVirtualAddress> vips, Dictionary<IPAddress, string> seen, ref AddressFamily? family, Context context, Problems problems)
    {
        for (int i = 0; i < addresses.Count; i++)
        {
            string itemPath = Invariant($"{path}:{i}");
            VirtualIpAddressOptions options = addresses[i];
            string text = options.Address;
            if (!IPAddressParser.TryParseWithPrefix(text, out IPAddress address, out int? prefix, out bool prefixValid))
            {
                problems.Error(itemPath, ConfigDiagnosticCodes.InvalidAddress, $"{who}: `{text}` is not an IP address");
                continue;
            }

            int maxPrefix = IPAddressParser.MaxPrefixLength(address.AddressFamily);
            if (!prefixValid || prefix > maxPrefix || (text.Contains('/', StringComparison.Ordinal) && prefix is null))
            {
                problems.Error(itemPath, ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: the prefix length of `{text}` must be from 0 to {maxPrefix}"));
                continue;
            }

            if (!excluded)
            {
                if (family is null)
                {
                    family = address.AddressFamily;
                }
                else if (address.AddressFamily != family)
                {
                    problems.Error(itemPath, ConfigDiagnosticCodes.AddressFamilyMismatch, $"{who}: {text} is not of the instance's address family (from its first address)", "use one instance per family, or virtual_ipaddress_excluded");
                }
            }

            if (!seen.TryAdd(address, itemPath))
            {
                problems.Error(itemPath, ConfigDiagnosticCodes.DuplicateAddress, $"{who}: virtual address {address} is listed twice{context.FirstAt(seen[address])}", "remove one of the two lines");
            }

            var vip = new VrrpVirtualAddress(address, prefix ?? -1) { Device = options.Device, Label = options.Label, IsExcluded = excluded };
            if (MapScopeAndBroadcast(vip, options, excluded ? "virtual_ipaddress_excluded" : "virtual_ipaddress", itemPath, who, problems) is { } mapped)
            {
                vips.Add(mapped);
            }
        }
    }

    /// <summary>Applies <c>scope</c> and <c>brd</c> (iproute2's syntax) to a parsed virtual address; null when one is invalid.</summary>
    private static VrrpVirtualAddress? MapScopeAndBroadcast(VrrpVirtualAddress vip, VirtualIpAddressOptions options, string section, string path, string who, Problems problems)
    {
        if (options.Scope is { } scopeText)
        {
            if (ParseScope(scopeText) is not { } scope)
            {
                problems.Error(path, ConfigDiagnosticCodes.InvalidValue, $"{who}: {section} {options.Address}: scope '{scopeText}' is not global, site, link, host, nowhere or 0 to 255.");
                return null;
            }

            vip = vip with { Scope = scope };
        }

        if (options.Broadcast is not { } brd || brd == "-")
        {
            return vip;
        }

        if (vip.Address.AddressFamily != AddressFamily.InterNetwork)
        {
            problems.Warning(path, ConfigDiagnosticCodes.InvalidValue, $"{who}: {section} {options.Address}: brd applies to IPv4 only; ignored.");
            return vip;
        }

        if (brd == "+")
        {
            // iproute2's "brd +": the host part all ones.
            uint mask = vip.PrefixLength == 0 ? 0 : uint.MaxValue << (32 - vip.PrefixLength);
            Span<byte> bytes = stackalloc byte[4];
            vip.Address.TryWriteBytes(bytes, out _);
            BinaryPrimitives.WriteUInt32BigEndian(bytes, BinaryPrimitives.ReadUInt32BigEndian(bytes) | ~mask);
            return vip with { Broadcast = new IPAddress(bytes) };
        }

        if (IPAddressParser.TryParse(brd, out IPAddress broadcast) && broadcast.AddressFamily == AddressFamily.InterNetwork)
        {
            return vip with { Broadcast = broadcast };
        }

        problems.Error(path, ConfigDiagnosticCodes.InvalidAddress, $"{who}: {section} {options.Address}: brd '{brd}' is not an IPv4 address, '+' or '-'.");
        return null;
    }

    private static byte? ParseScope(string text) => text.ToUpperInvariant() switch
    {
        "GLOBAL" => 0,
        "SITE" => 200,
        "LINK" => 253,
        "HOST" => 254,
        "NOWHERE" => 255,
        _ => byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out byte number) ? number : null,
    };

    /// <summary>unicast_src_ip, else mcast_src_ip, of the instance's family; else the family's any-address.</summary>
    private static IPAddress CheckPrimaryAddress(string path, string who, VrrpInstanceOptions instance, AddressFamily family, Problems problems)
    {
        IPAddress any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        IPAddress? unicast = OptionalAddress(problems, path + ":UnicastSourceAddress", $"{who}: unicast_src_ip", instance.UnicastSourceAddress, family);
        IPAddress? multicast = OptionalAddress(problems, path + ":MulticastSourceAddress", $"{who}: mcast_src_ip", instance.MulticastSourceAddress, family);
        return instance.UnicastSourceAddress is not null ? unicast ?? any : multicast ?? any;
    }

    private static List<IPAddress> CheckUnicastPeers(string path, string who, VrrpInstanceOptions instance, AddressFamily family, Context context, Problems problems)
    {
        var peers = new List<IPAddress>(instance.UnicastPeers.Count);
        var seen = new Dictionary<IPAddress, string>();
        for (int i = 0; i < instance.UnicastPeers.Count; i++)
        {
            string peerPath = Invariant($"{path}:UnicastPeers:{i}");
            string text = instance.UnicastPeers[i].Address;
            if (OptionalAddress(problems, peerPath, $"{who}: unicast_peer", text.Length == 0 ? "(empty)" : text, family) is not { } peer)
            {
                continue;
            }

            if (!seen.TryAdd(peer, peerPath))
            {
                problems.Error(peerPath, ConfigDiagnosticCodes.DuplicateAddress, $"{who}: unicast peer {peer} is listed twice{context.FirstAt(seen[peer])}", "remove one of the two lines");
            }

            peers.Add(peer);
        }

        return peers;
    }

    /// <summary>mcast_dst_ip, else the global group of the family; null for the RFC group (the transport's default).</summary>
    private static IPAddress? CheckMulticastGroup(string path, string who, VrrpInstanceOptions instance, GlobalDefinitionsOptions global, AddressFamily family, Problems problems)
    {
        bool ipv6 = family == AddressFamily.InterNetworkV6;
        IPAddress? group;
        if (instance.MulticastDestinationAddress is { } text)
        {
            string at = path + ":MulticastDestinationAddress";
            if (!IPAddressParser.TryParse(text, out IPAddress parsed))
            {
                problems.Error(at, ConfigDiagnosticCodes.InvalidAddress, $"{who}: mcast_dst_ip `{text}` is not an IP address");
                return null;
            }

            if (parsed.AddressFamily != family || (ipv6 ? !parsed.IsIPv6Multicast : !IsMulticast(parsed)))
            {
                problems.Error(at, ConfigDiagnosticCodes.InvalidAddress, $"{who}: multicast group {parsed} is not a multicast address of the instance's family ({(ipv6 ? "IPv6" : "IPv4")})");
                return null;
            }

            group = parsed;
        }
        else if (!IsAddress(ipv6 ? global.MulticastGroup6 : global.MulticastGroup4, family, out group))
        {
            return null; // CheckGlobal reported it.
        }

        return group.Equals(ipv6 ? s_rfcGroup6 : s_rfcGroup4) ? null : group;
    }

    /// <summary>Parses an optional address of <paramref name="family"/>; null (and an error) when it is not one.</summary>
    private static IPAddress? OptionalAddress(Problems problems, string path, string what, string? text, AddressFamily family)
    {
        if (text is null)
        {
            return null;
        }

        if (!IPAddressParser.TryParse(text, out IPAddress address))
        {
            problems.Error(path, ConfigDiagnosticCodes.InvalidAddress, $"{what} `{text}` is not an IP address");
            return null;
        }

        if (address.AddressFamily != family)
        {
            problems.Error(path, ConfigDiagnosticCodes.AddressFamilyMismatch, $"{what} {address} is not of the instance's address family (from its first virtual address)");
            return null;
        }

        return address;
    }
}

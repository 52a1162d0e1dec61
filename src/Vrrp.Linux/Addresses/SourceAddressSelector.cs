using System.Net;
using System.Net.Sockets;
using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// Picks the source address of an instance's advertisements among an interface's addresses, as keepalived does: the
/// configured one (<c>unicast_src_ip</c> / <c>mcast_src_ip</c>) only while the interface has it, otherwise the first
/// primary IPv4 address, or for IPv6 the link-local address (RFC 5798 §5.1.2.2); never a virtual address.
/// </summary>
internal static class SourceAddressSelector
{
    /// <summary>Reads the interface's addresses of one family.</summary>
    /// <param name="netlink">A request socket.</param>
    /// <param name="index">The interface index.</param>
    /// <param name="family">The family.</param>
    /// <returns>The addresses in the kernel's order.</returns>
    public static List<InterfaceAddressEntry> Read(NetlinkSocket netlink, int index, AddressFamily family) =>
        [.. NetlinkRoute.GetAddresses(netlink, family).Where(entry => entry.Index == index)];

    /// <summary>Picks the source address.</summary>
    /// <param name="addresses">The interface's addresses.</param>
    /// <param name="family">The instance's family.</param>
    /// <param name="configured">The configured source address, or <see langword="null"/> to pick one.</param>
    /// <param name="virtualAddresses">The instance's virtual addresses (never a source).</param>
    /// <returns>The address, or <see langword="null"/> when the interface has no usable one.</returns>
    public static IPAddress? Pick(IEnumerable<InterfaceAddressEntry> addresses, AddressFamily family, IPAddress? configured, IReadOnlyList<IPAddress> virtualAddresses)
    {
        bool v6 = family == AddressFamily.InterNetworkV6;
        IPAddress? fallback = null;
        foreach (InterfaceAddressEntry entry in addresses)
        {
            if (entry.Address.AddressFamily != family)
            {
                continue;
            }

            if (configured is not null)
            {
                if (SameAddress(entry.Address, configured))
                {
                    return configured;
                }

                continue;
            }

            if (virtualAddresses.Any(vip => SameAddress(vip, entry.Address)) || (v6 && !entry.Address.IsIPv6LinkLocal))
            {
                continue;
            }

            // A secondary is used only when no primary is left (keepalived promotes the next address the same way).
            if (!entry.IsSecondary)
            {
                return entry.Address;
            }

            fallback ??= entry.Address;
        }

        return fallback;
    }

    private static bool SameAddress(IPAddress a, IPAddress b) => a.GetAddressBytes().AsSpan().SequenceEqual(b.GetAddressBytes());
}

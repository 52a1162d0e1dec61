using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Vrrp.Linux;

/// <summary>
/// keepalived's <c>use_vmac [NAME]</c>: the instance's virtual addresses live on a macvlan interface with the VRRP
/// virtual router MAC (00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6, RFC 5798 §7.3), so a failover
/// moves the MAC with the addresses and hosts on the LAN keep their ARP / neighbour cache entries.
/// </summary>
public sealed class LinuxVirtualMacOptions
{
    /// <summary>Gets the VMAC interface name (<c>use_vmac NAME</c>); null for keepalived's default, <c>vrrp.VRID</c>.</summary>
    public string? InterfaceName { get; init; }

    /// <summary>
    /// Gets whether advertisements are sent from the base interface (keepalived's <c>vmac_xmit_base</c>) rather than
    /// from the VMAC with the virtual router MAC as Ethernet source (keepalived's default, so that switches learn the
    /// MAC from the adverts). Unicast and IPv6 adverts always leave from the base interface.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: from the VMAC.</value>
    public bool TransmitOnBase { get; init; }

    /// <summary>Gets keepalived's default VMAC interface name for a virtual router: <c>vrrp.VRID</c>.</summary>
    /// <param name="virtualRouterId">The VRID.</param>
    /// <returns>The name, for example <c>vrrp.51</c>.</returns>
    public static string DefaultInterfaceName(byte virtualRouterId) => FormattableString.Invariant($"vrrp.{virtualRouterId}");

    /// <summary>Gets the VRRP virtual router MAC address.</summary>
    /// <param name="family">The instance's address family.</param>
    /// <param name="virtualRouterId">The VRID.</param>
    /// <returns>00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6.</returns>
    public static PhysicalAddress VirtualRouterMac(AddressFamily family, byte virtualRouterId) =>
        new([0x00, 0x00, 0x5e, 0x00, family == AddressFamily.InterNetworkV6 ? (byte)0x02 : (byte)0x01, virtualRouterId]);

    /// <summary>Gets the interface name for a virtual router: <see cref="InterfaceName"/> or the default.</summary>
    /// <param name="virtualRouterId">The VRID.</param>
    /// <returns>The name.</returns>
    public string InterfaceNameFor(byte virtualRouterId) => InterfaceName ?? DefaultInterfaceName(virtualRouterId);
}

using System.Net;
using System.Net.Sockets;

namespace Vrrp.Linux;

/// <summary>Settings of a <see cref="LinuxVrrpTransport"/>: one interface, one address family.</summary>
public sealed class LinuxVrrpTransportOptions
{
    /// <summary>Gets the interface the sockets are bound to (SO_BINDTODEVICE) and the multicast group is joined on.</summary>
    public required string InterfaceName { get; init; }

    /// <summary>Gets the address family.</summary>
    /// <value>The default value is <see cref="AddressFamily.InterNetwork"/>.</value>
    public AddressFamily Family { get; init; } = AddressFamily.InterNetwork;

    /// <summary>
    /// Gets the source address of our advertisements (keepalived's <c>unicast_src_ip</c>). It must be an address of the
    /// interface.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: the interface's first primary IPv4 address, or its link-local IPv6
    /// address, that is not one of <see cref="VirtualAddresses"/>.
    /// </value>
    public IPAddress? SourceAddress { get; init; }

    /// <summary>
    /// Gets the interface advertisements are sent on, when not <see cref="InterfaceName"/>: keepalived's VMAC without
    /// <c>vmac_xmit_base</c>, so that they leave with the virtual router MAC as Ethernet source (IPv4, multicast).
    /// Receiving stays on <see cref="InterfaceName"/>, and <see cref="SourceAddress"/> stays its address.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: <see cref="InterfaceName"/>.</value>
    public string? SendInterfaceName { get; init; }

    /// <summary>
    /// Gets the unicast peers (keepalived's <c>unicast_peer</c>). When not empty, advertisements go to each peer
    /// instead of the multicast group, only advertisements from these peers are accepted, and the group is not joined.
    /// </summary>
    public IReadOnlyList<IPAddress> UnicastPeers { get; init; } = [];

    /// <summary>
    /// Gets the multicast group to join and send to (keepalived's <c>vrrp_mcast_group4</c> / <c>vrrp_mcast_group6</c>,
    /// <c>mcast_dst_ip</c>); unused with <see cref="UnicastPeers"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: 224.0.0.18 or ff02::12 (RFC 5798 §5.1.1.2, §5.1.2.2).</value>
    public IPAddress? MulticastGroup { get; init; }

    /// <summary>Gets the virtual addresses, which are never chosen as the source address.</summary>
    public IReadOnlyList<IPAddress> VirtualAddresses { get; init; } = [];

    /// <summary>Gets the VRID to accept, or 0 to accept every VRID.</summary>
    /// <value>The default value is 0.</value>
    public byte VirtualRouterId { get; init; }
}

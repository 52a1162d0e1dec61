using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vrrp.Packets;

/// <summary>
/// A view over an IPv4 or IPv6 datagram as read by <see cref="IpDatagramReader"/>: addresses, TTL or hop limit, the
/// upper-layer protocol and its payload.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly ref struct IpDatagram
{
    internal IpDatagram(AddressFamily family, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int ttl, byte protocol, ReadOnlySpan<byte> payload, bool viaAuthenticationHeader)
    {
        Family = family;
        Source = source;
        Destination = destination;
        Ttl = ttl;
        Protocol = protocol;
        Payload = payload;
        ViaAuthenticationHeader = viaAuthenticationHeader;
    }

    /// <summary>Gets the address family.</summary>
    public AddressFamily Family { get; }

    /// <summary>Gets the source address bytes.</summary>
    public ReadOnlySpan<byte> Source { get; }

    /// <summary>Gets the destination address bytes.</summary>
    public ReadOnlySpan<byte> Destination { get; }

    /// <summary>Gets the IPv4 TTL or the IPv6 hop limit.</summary>
    public int Ttl { get; }

    /// <summary>Gets the upper-layer protocol (after any IPv6 extension headers and IPsec AH).</summary>
    public byte Protocol { get; }

    /// <summary>Gets the upper-layer payload, cut to the length the IP header gives.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Gets whether an IPsec Authentication Header was skipped (VRRPv2 <c>auth_type AH</c>).</summary>
    public bool ViaAuthenticationHeader { get; }

    /// <summary>Gets whether the payload is a VRRP message (protocol 112).</summary>
    public bool IsVrrp => Protocol == InternetChecksum.VrrpProtocolNumber;

    /// <summary>Gets the context the VRRP reader needs for this datagram.</summary>
    /// <returns>The context.</returns>
    public VrrpIpContext ToVrrpIpContext() => new(Family, Source, Destination, Ttl);
}

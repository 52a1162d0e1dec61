using System.Net.Sockets;

namespace Vrrp.Packets;

/// <summary>
/// What the IP layer knows about a VRRP message: its address family, source and destination (for the checksum
/// pseudo-header) and TTL or hop limit. A view over caller-owned bytes, so building one never allocates.
/// </summary>
public readonly ref struct VrrpIpContext
{
    /// <summary>Initializes a context.</summary>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</param>
    /// <param name="source">The source address in network order (4 or 16 bytes), or empty when unknown.</param>
    /// <param name="destination">The destination address in network order (4 or 16 bytes), or empty when unknown.</param>
    /// <param name="ttl">The IPv4 TTL or IPv6 hop limit, or <see cref="UnknownTtl"/>.</param>
    public VrrpIpContext(AddressFamily family, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int ttl = UnknownTtl)
    {
        Family = family;
        Source = source;
        Destination = destination;
        Ttl = ttl;
    }

    /// <summary>The value of <see cref="Ttl"/> when the IP header was not seen.</summary>
    public const int UnknownTtl = -1;

    /// <summary>Gets the address family.</summary>
    public AddressFamily Family { get; }

    /// <summary>Gets the source address bytes, or an empty span when unknown.</summary>
    public ReadOnlySpan<byte> Source { get; }

    /// <summary>Gets the destination address bytes, or an empty span when unknown.</summary>
    public ReadOnlySpan<byte> Destination { get; }

    /// <summary>Gets the IPv4 TTL or IPv6 hop limit, or <see cref="UnknownTtl"/>.</summary>
    public int Ttl { get; }

    /// <summary>Gets the number of bytes in one address of this family (4 or 16), or 0 for another family.</summary>
    public int AddressLength => Family switch
    {
        AddressFamily.InterNetwork => 4,
        AddressFamily.InterNetworkV6 => 16,
        _ => 0,
    };

    /// <summary>Gets whether both addresses are known, so the pseudo-header can be built.</summary>
    public bool HasAddresses => Source.Length == AddressLength && Destination.Length == AddressLength && AddressLength != 0;

    /// <summary>Gets whether the destination is known to be a multicast address.</summary>
    public bool IsMulticastDestination =>
        (Family == AddressFamily.InterNetwork && Destination.Length == 4 && (Destination[0] & 0xF0) == 0xE0)
        || (Family == AddressFamily.InterNetworkV6 && Destination.Length == 16 && Destination[0] == 0xFF);

    /// <summary>Creates an IPv4 context.</summary>
    /// <param name="source">The 4-byte source address.</param>
    /// <param name="destination">The 4-byte destination address.</param>
    /// <param name="ttl">The TTL, or <see cref="UnknownTtl"/>.</param>
    /// <returns>The context.</returns>
    public static VrrpIpContext IPv4(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int ttl = UnknownTtl) =>
        new(AddressFamily.InterNetwork, source, destination, ttl);

    /// <summary>Creates an IPv6 context.</summary>
    /// <param name="source">The 16-byte source address.</param>
    /// <param name="destination">The 16-byte destination address.</param>
    /// <param name="hopLimit">The hop limit, or <see cref="UnknownTtl"/>.</param>
    /// <returns>The context.</returns>
    public static VrrpIpContext IPv6(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int hopLimit = UnknownTtl) =>
        new(AddressFamily.InterNetworkV6, source, destination, hopLimit);
}

using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vrrp.Packets;

/// <summary>
/// A received advertisement decoded once and found valid on the wire: where its message sits in the caller's buffer,
/// what the IP layer said about it, and its fixed fields. The one thing a transport hands to
/// <see cref="Instances.VrrpInstance.Receive"/>; a plain struct, so it crosses <see langword="await"/> without
/// allocating, and <see cref="GetPacket"/> gives the address list and authentication data back without decoding again.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct VrrpReceivedAdvertisement
{
    private VrrpReceivedAdvertisement(AddressFamily family, VrrpAddress source, VrrpAddress destination, int ttl, int messageOffset, int messageLength, in VrrpPacket packet)
    {
        Family = family;
        Source = source;
        Destination = destination;
        Ttl = ttl;
        MessageOffset = messageOffset;
        MessageLength = messageLength;
        Advertisement = packet.ToAdvertisement();
        ChecksumForm = packet.ChecksumForm;
        Notes = packet.Notes;
    }

    /// <summary>Gets the address family.</summary>
    public AddressFamily Family { get; }

    /// <summary>
    /// Gets how long before it was decoded the datagram reached the host (a transport reads the kernel's receive
    /// timestamp), or <see cref="TimeSpan.Zero"/> when not known. An instance counts Master_Down_Timer from the
    /// arrival, so the receive thread's wake-up is not added to a takeover.
    /// </summary>
    public TimeSpan Age { get; init; }

    /// <summary>Gets the IP source address (the sender's primary address); empty when the IP layer did not give one.</summary>
    public VrrpAddress Source { get; }

    /// <summary>Gets the IP destination address (the multicast group or our unicast address); empty when unknown.</summary>
    public VrrpAddress Destination { get; }

    /// <summary>Gets the IPv4 TTL or IPv6 hop limit, or <see cref="VrrpIpContext.UnknownTtl"/>.</summary>
    public int Ttl { get; }

    /// <summary>Gets where the VRRP message starts in the receive buffer.</summary>
    public int MessageOffset { get; }

    /// <summary>Gets the length of the VRRP message.</summary>
    public int MessageLength { get; }

    /// <summary>Gets the fixed fields of the advertisement.</summary>
    public VrrpAdvertisement Advertisement { get; }

    /// <summary>Gets the checksum form the sender used.</summary>
    public VrrpChecksumForm ChecksumForm { get; }

    /// <summary>Gets the tolerated oddities of the packet.</summary>
    public VrrpPacketNotes Notes { get; }

    /// <summary>
    /// Decodes and validates a VRRP message (the IP payload) at <paramref name="offset"/> in <paramref name="buffer"/>.
    /// Never throws for bad input and never allocates.
    /// </summary>
    /// <param name="buffer">The receive buffer.</param>
    /// <param name="offset">Where the VRRP message starts.</param>
    /// <param name="length">The length of the VRRP message.</param>
    /// <param name="ip">What the IP layer knows: family, source, destination, TTL (see <see cref="VrrpPacketReader.TryRead"/>).</param>
    /// <param name="advertisement">The advertisement when the method returns <see langword="true"/>.</param>
    /// <param name="error">Why the message was rejected, or <see cref="VrrpPacketError.None"/>.</param>
    /// <returns><see langword="true"/> when the message is a valid advertisement.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> buffer, int offset, int length, in VrrpIpContext ip, out VrrpReceivedAdvertisement advertisement, out VrrpPacketError error)
    {
        advertisement = default;
        if (!VrrpPacketReader.TryRead(buffer.Slice(offset, length), ip, out VrrpPacket packet, out error))
        {
            return false;
        }

        // A missing or malformed source stays empty: the instance drops it as MissingSource, it cannot tell the sender.
        VrrpAddress.TryFromBytes(ip.Source, out VrrpAddress source);
        VrrpAddress destination = ip.Destination.Length == ip.AddressLength ? VrrpAddress.FromBytes(ip.Destination) : default;
        advertisement = new VrrpReceivedAdvertisement(ip.Family, source, destination, ip.Ttl, offset, length, packet);
        return true;
    }

    /// <summary>
    /// Decodes an IP datagram that starts with its IPv4 or IPv6 header (an IPv4 raw socket, a capture) and the VRRP
    /// message inside it. Never throws for bad input and never allocates.
    /// </summary>
    /// <param name="buffer">The receive buffer.</param>
    /// <param name="length">The length of the datagram at the start of <paramref name="buffer"/>.</param>
    /// <param name="advertisement">The advertisement when the method returns <see langword="true"/>.</param>
    /// <param name="error">
    /// <see cref="VrrpPacketError.MalformedIpHeader"/> when the IP header is malformed, the datagram is a non-first
    /// fragment or not VRRP; otherwise the VRRP message's error, or <see cref="VrrpPacketError.None"/>.
    /// </param>
    /// <returns><see langword="true"/> when the datagram carries a valid advertisement.</returns>
    public static bool TryDecodeDatagram(ReadOnlySpan<byte> buffer, int length, out VrrpReceivedAdvertisement advertisement, out VrrpPacketError error)
    {
        advertisement = default;
        ReadOnlySpan<byte> datagram = buffer[..length];
        if (!IpDatagramReader.TryRead(datagram, out IpDatagram ip) || !ip.IsVrrp)
        {
            error = VrrpPacketError.MalformedIpHeader;
            return false;
        }

        // The payload is a slice of the datagram, which starts the buffer: where it overlaps is its offset.
        datagram.Overlaps(ip.Payload, out int offset);
        return TryDecode(buffer, offset, ip.Payload.Length, ip.ToVrrpIpContext(), out advertisement, out error);
    }

    /// <summary>Gets the VRRP message (the IP payload) in the buffer it was decoded from.</summary>
    /// <param name="buffer">The buffer given to the receive call.</param>
    /// <returns>The message bytes.</returns>
    public ReadOnlySpan<byte> GetMessage(ReadOnlySpan<byte> buffer) => buffer.Slice(MessageOffset, MessageLength);

    /// <summary>
    /// Gets the decoded view of the message (addresses, authentication data) again, without validating it again: the
    /// buffer must still hold the bytes this advertisement was decoded from.
    /// </summary>
    /// <param name="buffer">The buffer it was decoded from.</param>
    /// <returns>The packet.</returns>
    public VrrpPacket GetPacket(ReadOnlySpan<byte> buffer) => new(GetMessage(buffer), Family, ChecksumForm, Notes);
}

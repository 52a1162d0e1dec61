using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vrrp.Packets;

namespace Vrrp.Linux;

/// <summary>
/// A valid advertisement received by <see cref="LinuxVrrpTransport"/>: where it sits in the caller's buffer and what
/// the IP layer said about it. A plain struct, so it crosses <see langword="await"/> without allocating.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct VrrpReceivedAdvertisement
{
    internal VrrpReceivedAdvertisement(AddressFamily family, VrrpAddress source, VrrpAddress destination, int ttl, int messageOffset, int messageLength, in VrrpPacket packet)
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

    /// <summary>Gets the IP source address (the sender's primary address).</summary>
    public VrrpAddress Source { get; }

    /// <summary>Gets the IP destination address (the multicast group or our unicast address).</summary>
    public VrrpAddress Destination { get; }

    /// <summary>Gets the IPv4 TTL or IPv6 hop limit.</summary>
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

    /// <summary>Gets the VRRP message (the IP payload) in the buffer given to the receive call.</summary>
    /// <param name="buffer">The buffer given to <see cref="LinuxVrrpTransport.ReceiveAsync"/>.</param>
    /// <returns>The message bytes.</returns>
    public ReadOnlySpan<byte> GetMessage(ReadOnlySpan<byte> buffer) => buffer.Slice(MessageOffset, MessageLength);
}

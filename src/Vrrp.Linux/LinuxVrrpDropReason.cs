namespace Vrrp.Linux;

/// <summary>
/// Why <see cref="LinuxVrrpTransport"/> dropped a datagram before or besides the codec's checks (those are counted by
/// <see cref="Packets.VrrpPacketError"/>).
/// </summary>
public enum LinuxVrrpDropReason
{
    /// <summary>The IPv4 header was malformed, a non-first fragment, or not protocol 112.</summary>
    MalformedIpHeader,

    /// <summary>The datagram was larger than the receive buffer (MSG_TRUNC).</summary>
    Oversized,

    /// <summary>The advertisement is for another VRID than the transport's filter.</summary>
    OtherVirtualRouter,

    /// <summary>Our own advertisement came back (source is our source address).</summary>
    OwnAdvertisement,
}

namespace Vrrp.Packets;

/// <summary>
/// Things about an accepted packet that the RFCs or their errata frown on but that real peers do, so they are reported
/// rather than used as a reason to drop the packet.
/// </summary>
[Flags]
public enum VrrpPacketNotes : byte
{
    /// <summary>Nothing to note.</summary>
    None = 0,

    /// <summary>
    /// A VRRPv3 IPv6 advertisement whose first address is not link-local (RFC 9568 erratum 8300 asks for it; Debian's
    /// keepalived 2.2.7 does not do it).
    /// </summary>
    FirstAddressNotLinkLocal = 1,

    /// <summary>The reserved bits of a VRRPv3 advertisement are not zero (they are ignored, RFC 5798 §5.2.5).</summary>
    ReservedBitsSet = 2,

    /// <summary>The checksum could not be checked against the pseudo-header because the IP addresses were not given.</summary>
    PseudoHeaderUnchecked = 4,

    /// <summary>The TTL or hop limit is not 255 but the destination is unicast, where keepalived accepts it.</summary>
    UnicastTtlNot255 = 8,
}

namespace Vrrp.Packets;

/// <summary>
/// Why a received VRRP packet was rejected (RFC 5798 §7.1, RFC 3768 §7.1 and the RFC 9568 errata). Each rejection has its
/// own value so that a daemon can count drops by reason.
/// </summary>
public enum VrrpPacketError : byte
{
    /// <summary>The packet is valid.</summary>
    None = 0,

    /// <summary>The packet is shorter than the fixed header or than the addresses and authentication data it announces.</summary>
    Truncated,

    /// <summary>The version field is neither 2 nor 3.</summary>
    UnsupportedVersion,

    /// <summary>The type field is not 1 (ADVERTISEMENT), the only type VRRP defines.</summary>
    UnknownType,

    /// <summary>The packet is longer than its address count accounts for.</summary>
    LengthMismatch,

    /// <summary>The address count is zero (RFC 5798 erratum 8299).</summary>
    ZeroAddressCount,

    /// <summary>The advertisement interval is zero (RFC 5798 erratum 8301; also refused for VRRPv2, where it would make the master-down timer meaningless).</summary>
    ZeroAdvertInterval,

    /// <summary>The checksum matches none of the forms allowed for this version and address family.</summary>
    BadChecksum,

    /// <summary>The IPv4 TTL or IPv6 hop limit of a multicast advertisement is not 255 (RFC 5798 §7.1).</summary>
    BadTtl,

    /// <summary>A VRRPv2 packet arrived over IPv6, or the address family is unknown.</summary>
    AddressFamilyMismatch,

    /// <summary>A VRRPv2 authentication type other than 0, 1 or 2.</summary>
    UnsupportedAuthType,

    /// <summary>The IP header in front of the message was malformed, a non-first fragment, or not protocol 112.</summary>
    MalformedIpHeader,

    /// <summary>The datagram was larger than the receive buffer, so it was cut (MSG_TRUNC).</summary>
    Oversized,
}

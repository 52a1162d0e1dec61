namespace Vrrp.Packets;

/// <summary>
/// Which bytes a VRRP checksum covers. VRRPv3 over IPv4 exists in the field in both forms, so receivers accept either
/// and report which one matched.
/// </summary>
public enum VrrpChecksumForm : byte
{
    /// <summary>
    /// The VRRP message alone: always for VRRPv2 (RFC 3768 §5.3.8), and the RFC 9568 form for VRRPv3 over IPv4
    /// (keepalived's <c>v3_checksum_as_v2</c>).
    /// </summary>
    Message = 0,

    /// <summary>
    /// The VRRP message preceded by the IP pseudo-header: always for VRRPv3 over IPv6, and the RFC 5798 form for VRRPv3
    /// over IPv4 that keepalived 2.2.7 and FRR send.
    /// </summary>
    PseudoHeader = 1,

    /// <summary>
    /// Receive only: a VRRPv3 IPv4 unicast advertisement whose pseudo-header names the multicast group 224.0.0.18
    /// instead of the unicast destination, as keepalived sends with <c>old_unicast_checksum</c> (its pre-2.0 unicast
    /// behaviour). keepalived accepts these from peers automatically, so a drop-in must too; Wireshark calls them bad.
    /// </summary>
    PseudoHeaderWithMulticastGroup = 2,
}

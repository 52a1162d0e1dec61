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
}

namespace Vrrp.Packets;

/// <summary>The authentication type of a VRRPv2 advertisement (RFC 3768 §5.3.6, and RFC 2338 for the deprecated types).</summary>
public enum VrrpAuthType : byte
{
    /// <summary>No authentication; the authentication data is zero.</summary>
    None = 0,

    /// <summary>Simple text password (keepalived's <c>auth_type PASS</c>): up to 8 bytes, padded with zeros.</summary>
    SimpleText = 1,

    /// <summary>IP Authentication Header (keepalived's <c>auth_type AH</c>): recognised, carried by IPsec AH outside the VRRP message.</summary>
    IpAuthenticationHeader = 2,
}

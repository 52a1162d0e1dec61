namespace Vrrp.Packets;

/// <summary>Stable, human- and machine-readable names for <see cref="VrrpPacketError"/> values.</summary>
public static class VrrpPacketErrorExtensions
{
    /// <summary>Returns the stable kebab-case reason for an error (for logs, metrics tags and JSON), without allocating.</summary>
    /// <param name="error">The error.</param>
    /// <returns>For example <c>bad-checksum</c>; <c>none</c> for <see cref="VrrpPacketError.None"/>.</returns>
    public static string ToReason(this VrrpPacketError error) => error switch
    {
        VrrpPacketError.None => "none",
        VrrpPacketError.Truncated => "truncated",
        VrrpPacketError.UnsupportedVersion => "unsupported-version",
        VrrpPacketError.UnknownType => "unknown-type",
        VrrpPacketError.LengthMismatch => "length-mismatch",
        VrrpPacketError.ZeroAddressCount => "zero-address-count",
        VrrpPacketError.ZeroAdvertInterval => "zero-advert-interval",
        VrrpPacketError.BadChecksum => "bad-checksum",
        VrrpPacketError.BadTtl => "bad-ttl",
        VrrpPacketError.AddressFamilyMismatch => "address-family-mismatch",
        VrrpPacketError.UnsupportedAuthType => "unsupported-auth-type",
        VrrpPacketError.MalformedIpHeader => "malformed-ip-header",
        VrrpPacketError.Oversized => "oversized",
        _ => "unknown",
    };
}

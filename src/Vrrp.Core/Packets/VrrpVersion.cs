namespace Vrrp.Packets;

/// <summary>The VRRP protocol version carried in the high nibble of the first byte of an advertisement.</summary>
public enum VrrpVersion : byte
{
    /// <summary>VRRP version 2 (RFC 3768): IPv4 only, whole-second advertisement interval, optional authentication.</summary>
    V2 = 2,

    /// <summary>VRRP version 3 (RFC 5798, RFC 9568): IPv4 and IPv6, centisecond advertisement interval, no authentication.</summary>
    V3 = 3,
}

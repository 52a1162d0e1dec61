namespace Vrrp.Instances;

/// <summary>
/// Why a well-formed advertisement was not used (the semantic checks of RFC 5798 §7.1 and RFC 3768 §7.1 that need
/// the instance's settings). Malformed packets are counted by <see cref="Packets.VrrpPacketError"/> instead.
/// </summary>
public enum VrrpDropReason : byte
{
    /// <summary>Not dropped.</summary>
    None = 0,

    /// <summary>The advertisement's version differs from the instance's.</summary>
    VersionMismatch,

    /// <summary>The advertisement arrived over the other address family.</summary>
    AddressFamilyMismatch,

    /// <summary>The advertisement is for another VRID (the transport delivered it to the wrong instance).</summary>
    VirtualRouterIdMismatch,

    /// <summary>The IP source address is unknown or malformed, so the sender cannot be identified.</summary>
    MissingSource,

    /// <summary>Our own advertisement looped back.</summary>
    OwnAdvertisement,

    /// <summary>VRRPv2: the authentication type differs from the configured one (RFC 3768 §7.1).</summary>
    AuthTypeMismatch,

    /// <summary>VRRPv2: the simple-text password differs from the configured one (RFC 3768 §7.1).</summary>
    AuthenticationFailure,

    /// <summary>VRRPv2: the advertisement interval differs from the configured one (RFC 3768 §7.1 MUST discard).</summary>
    AdvertIntervalMismatch,

    /// <summary>The advertised addresses differ from ours and the sender is not the owner (RFC 3768 §7.1, RFC 5798 §7.1).</summary>
    AddressListMismatch,

    /// <summary>The instance is not running (not started, stopped or crashed).</summary>
    NotRunning,

    /// <summary>The instance's input queue was full (the instance is not keeping up).</summary>
    QueueFull,

    /// <summary>
    /// Unicast with <see cref="VrrpInstanceSettings.CheckUnicastSource"/>: the source is not a configured peer
    /// (keepalived's <c>check_unicast_src</c>).
    /// </summary>
    UnicastSourceMismatch,
}

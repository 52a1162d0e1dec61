namespace Vrrp.Packets;

/// <summary>
/// The fixed fields of a VRRP advertisement: what a router sends, and what a received packet's
/// <see cref="VrrpPacket.ToAdvertisement"/> keeps once its buffer is gone. Addresses and authentication data travel
/// separately as spans so that this value stays small and copyable.
/// </summary>
public readonly record struct VrrpAdvertisement
{
    /// <summary>Gets the protocol version.</summary>
    /// <value>The default value is <see cref="VrrpVersion.V3"/>.</value>
    public VrrpVersion Version { get; init; } = VrrpVersion.V3;

    /// <summary>Gets the Virtual Router Identifier (1 to 255).</summary>
    public byte VirtualRouterId { get; init; }

    /// <summary>Gets the priority: 0 when the master stops, 1 to 254 for backups, 255 for the address owner.</summary>
    public byte Priority { get; init; }

    /// <summary>
    /// Gets the advertisement interval in centiseconds. VRRPv3 carries 1 to 4095; VRRPv2 carries whole seconds, so the
    /// value must then be a multiple of 100 from 100 to 25500.
    /// </summary>
    /// <value>The default value is 100 (1 s).</value>
    public ushort AdvertIntervalCentiseconds { get; init; } = 100;

    /// <summary>Gets the VRRPv2 authentication type (ignored for VRRPv3).</summary>
    public VrrpAuthType AuthType { get; init; }

    /// <summary>Gets the number of addresses the advertisement carried (informational when writing: the writer counts the addresses it is given).</summary>
    public byte AddressCount { get; init; }

    /// <summary>Initializes a new advertisement with the defaults.</summary>
    public VrrpAdvertisement()
    {
    }
}

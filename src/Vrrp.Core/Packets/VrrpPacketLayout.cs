namespace Vrrp.Packets;

/// <summary>
/// Offsets and sizes of the VRRP advertisement.
/// <code>
/// RFC 5798 §5.1 (VRRPv3)                                  RFC 3768 §5.1 (VRRPv2)
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|   (same in v2)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |(rsvd) |     Max Adver Int     |          Checksum             |   v2: Auth Type (8) | Adver Int (8) | Checksum
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       IPvX Address(es)                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |              (v2 only) Authentication Data, 8 bytes           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal static class VrrpPacketLayout
{
    public const int HeaderLength = 8;
    public const int VersionTypeOffset = 0;
    public const int VirtualRouterIdOffset = 1;
    public const int PriorityOffset = 2;
    public const int AddressCountOffset = 3;
    public const int AuthTypeOffset = 4;
    public const int V2AdvertIntervalOffset = 5;
    public const int V3AdvertIntervalOffset = 4;
    public const int ChecksumOffset = 6;
    public const int AuthenticationDataLength = 8;
    public const int AdvertisementType = 1;

    /// <summary>The 12-bit mask of the VRRPv3 Max Adver Int field.</summary>
    public const ushort V3AdvertIntervalMask = 0x0FFF;
}

using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vrrp.Packets;

/// <summary>
/// A validated view over a VRRP advertisement in a caller's buffer, produced by <see cref="VrrpPacketReader"/>.
/// Reading fields and enumerating addresses never allocates. Copy what must outlive the buffer with
/// <see cref="ToAdvertisement"/>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly ref struct VrrpPacket
{
    private readonly ReadOnlySpan<byte> _message;

    internal VrrpPacket(ReadOnlySpan<byte> message, AddressFamily family, VrrpChecksumForm checksumForm, VrrpPacketNotes notes)
    {
        _message = message;
        Family = family;
        ChecksumForm = checksumForm;
        Notes = notes;
    }

    /// <summary>Gets the whole VRRP message.</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>Gets the address family the packet arrived over, which fixes the size of its addresses.</summary>
    public AddressFamily Family { get; }

    /// <summary>Gets which checksum form matched.</summary>
    public VrrpChecksumForm ChecksumForm { get; }

    /// <summary>Gets what was noted but tolerated about the packet.</summary>
    public VrrpPacketNotes Notes { get; }

    /// <summary>Gets the protocol version.</summary>
    public VrrpVersion Version => (VrrpVersion)(_message[VrrpPacketLayout.VersionTypeOffset] >> 4);

    /// <summary>Gets the message type (1, ADVERTISEMENT, for every valid packet).</summary>
    public byte Type => (byte)(_message[VrrpPacketLayout.VersionTypeOffset] & 0x0F);

    /// <summary>Gets the Virtual Router Identifier.</summary>
    public byte VirtualRouterId => _message[VrrpPacketLayout.VirtualRouterIdOffset];

    /// <summary>Gets the sender's priority (0: the master is stopping; 255: the address owner).</summary>
    public byte Priority => _message[VrrpPacketLayout.PriorityOffset];

    /// <summary>Gets the number of addresses.</summary>
    public int AddressCount => _message[VrrpPacketLayout.AddressCountOffset];

    /// <summary>Gets the VRRPv2 authentication type; <see cref="VrrpAuthType.None"/> for VRRPv3.</summary>
    public VrrpAuthType AuthType => Version == VrrpVersion.V2 ? (VrrpAuthType)_message[VrrpPacketLayout.AuthTypeOffset] : VrrpAuthType.None;

    /// <summary>
    /// Gets the advertisement interval in centiseconds: VRRPv3's 12-bit Max Adver Int as sent, VRRPv2's whole seconds
    /// times 100.
    /// </summary>
    public int AdvertIntervalCentiseconds => Version == VrrpVersion.V2
        ? _message[VrrpPacketLayout.V2AdvertIntervalOffset] * 100
        : BinaryPrimitives.ReadUInt16BigEndian(_message[VrrpPacketLayout.V3AdvertIntervalOffset..]) & VrrpPacketLayout.V3AdvertIntervalMask;

    /// <summary>Gets the checksum field as sent.</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_message[VrrpPacketLayout.ChecksumOffset..]);

    /// <summary>Gets the size of one address in bytes (4 or 16).</summary>
    public int AddressLength => Family == AddressFamily.InterNetworkV6 ? 16 : 4;

    /// <summary>Gets all addresses, back to back, in network order.</summary>
    public ReadOnlySpan<byte> AddressBytes => _message.Slice(VrrpPacketLayout.HeaderLength, AddressCount * AddressLength);

    /// <summary>Gets the 8 bytes of VRRPv2 authentication data; empty for VRRPv3.</summary>
    public ReadOnlySpan<byte> AuthenticationData => Version == VrrpVersion.V2
        ? _message.Slice(VrrpPacketLayout.HeaderLength + (AddressCount * 4), VrrpPacketLayout.AuthenticationDataLength)
        : default;

    /// <summary>Gets the VRRPv2 simple-text password without its zero padding; empty when there is none.</summary>
    public ReadOnlySpan<byte> AuthenticationPassword
    {
        get
        {
            if (AuthType != VrrpAuthType.SimpleText)
            {
                return default;
            }

            ReadOnlySpan<byte> data = AuthenticationData;
            int end = data.IndexOf((byte)0);
            return end < 0 ? data : data[..end];
        }
    }

    /// <summary>Gets the address at <paramref name="index"/> in network order.</summary>
    /// <param name="index">0 to <see cref="AddressCount"/> - 1.</param>
    /// <returns>4 or 16 bytes.</returns>
    public ReadOnlySpan<byte> GetAddress(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, AddressCount);
        return _message.Slice(VrrpPacketLayout.HeaderLength + (index * AddressLength), AddressLength);
    }

    /// <summary>Enumerates the addresses without allocating: <c>foreach (ReadOnlySpan&lt;byte&gt; a in packet.Addresses)</c>.</summary>
    public VrrpAddressEnumerator Addresses => new(AddressBytes, AddressLength);

    /// <summary>Copies the fixed fields into a value that can be stored and used across <c>await</c>.</summary>
    /// <returns>The advertisement's fixed fields.</returns>
    public VrrpAdvertisement ToAdvertisement() => new()
    {
        Version = Version,
        VirtualRouterId = VirtualRouterId,
        Priority = Priority,
        AdvertIntervalCentiseconds = (ushort)AdvertIntervalCentiseconds,
        AuthType = AuthType,
        AddressCount = (byte)AddressCount,
    };
}

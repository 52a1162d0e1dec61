using System.Buffers.Binary;
using System.Net.Sockets;

namespace Vrrp.Packets;

/// <summary>
/// Reads and validates VRRP advertisements. Only wire validity is checked here (RFC 5798 §7.1 steps that need no
/// configuration, RFC 3768 §7.1, RFC 9568 errata); whether the VRID is configured, the addresses match or the password
/// is right is the instance's business. Never throws for bad packets and never allocates.
/// </summary>
public static class VrrpPacketReader
{
    /// <summary>The TTL or hop limit every multicast advertisement must carry (RFC 5798 §5.1.1.3, §5.1.2.3).</summary>
    public const int RequiredTtl = 255;

    /// <summary>224.0.0.18, the IPv4 VRRP multicast group (RFC 5798 §5.1.1.2).</summary>
    private static ReadOnlySpan<byte> VrrpMulticastGroupIPv4 => [224, 0, 0, 18];

    /// <summary>Reads and validates a VRRP message (the IP payload).</summary>
    /// <param name="message">The VRRP message, without the IP header.</param>
    /// <param name="ip">
    /// What the IP layer knows. The family is required. The addresses are needed to check the pseudo-header checksum
    /// forms; without them only the message-only form can match. The TTL is checked when known: it must be 255 when
    /// the destination is multicast or unknown; for unicast destinations keepalived accepts other values, and so does
    /// this reader (noting <see cref="VrrpPacketNotes.UnicastTtlNot255"/>).
    /// </param>
    /// <param name="packet">The validated packet when the method returns <see langword="true"/>; otherwise default.</param>
    /// <param name="error">Why the packet was rejected, or <see cref="VrrpPacketError.None"/>.</param>
    /// <returns><see langword="true"/> when the packet is valid.</returns>
    public static bool TryRead(ReadOnlySpan<byte> message, in VrrpIpContext ip, out VrrpPacket packet, out VrrpPacketError error)
    {
        packet = default;
        error = Validate(message, ip, out VrrpChecksumForm checksumForm, out VrrpPacketNotes notes);
        if (error != VrrpPacketError.None)
        {
            return false;
        }

        packet = new VrrpPacket(message, ip.Family, checksumForm, notes);
        return true;
    }

    private static VrrpPacketError Validate(ReadOnlySpan<byte> message, in VrrpIpContext ip, out VrrpChecksumForm checksumForm, out VrrpPacketNotes notes)
    {
        checksumForm = VrrpChecksumForm.Message;
        notes = VrrpPacketNotes.None;

        int addressLength = ip.AddressLength;
        if (addressLength == 0)
        {
            return VrrpPacketError.AddressFamilyMismatch;
        }

        if (message.Length < VrrpPacketLayout.HeaderLength)
        {
            return VrrpPacketError.Truncated;
        }

        int version = message[VrrpPacketLayout.VersionTypeOffset] >> 4;
        if (version is not ((int)VrrpVersion.V2) and not ((int)VrrpVersion.V3))
        {
            return VrrpPacketError.UnsupportedVersion;
        }

        bool isVersion2 = version == (int)VrrpVersion.V2;
        if (isVersion2 && ip.Family != AddressFamily.InterNetwork)
        {
            // RFC 3768 defines VRRPv2 for IPv4 only.
            return VrrpPacketError.AddressFamilyMismatch;
        }

        if ((message[VrrpPacketLayout.VersionTypeOffset] & 0x0F) != VrrpPacketLayout.AdvertisementType)
        {
            return VrrpPacketError.UnknownType;
        }

        if (ip.Ttl != VrrpIpContext.UnknownTtl && ip.Ttl != RequiredTtl)
        {
            if (ip.IsMulticastDestination || ip.Destination.IsEmpty)
            {
                return VrrpPacketError.BadTtl;
            }

            // keepalived 2.2.7 sends IPv6 unicast adverts with hop limit 64 and accepts any TTL on unicast by default.
            notes |= VrrpPacketNotes.UnicastTtlNot255;
        }

        int addressCount = message[VrrpPacketLayout.AddressCountOffset];
        if (addressCount == 0)
        {
            return VrrpPacketError.ZeroAddressCount;
        }

        int expectedLength = VrrpPacketLayout.HeaderLength + (addressCount * addressLength)
            + (isVersion2 ? VrrpPacketLayout.AuthenticationDataLength : 0);
        if (message.Length < expectedLength)
        {
            return VrrpPacketError.Truncated;
        }

        if (message.Length > expectedLength)
        {
            return VrrpPacketError.LengthMismatch;
        }

        int interval = isVersion2
            ? message[VrrpPacketLayout.V2AdvertIntervalOffset]
            : BinaryPrimitives.ReadUInt16BigEndian(message[VrrpPacketLayout.V3AdvertIntervalOffset..]) & VrrpPacketLayout.V3AdvertIntervalMask;
        if (interval == 0)
        {
            return VrrpPacketError.ZeroAdvertInterval;
        }

        if (isVersion2 && message[VrrpPacketLayout.AuthTypeOffset] > (byte)VrrpAuthType.IpAuthenticationHeader)
        {
            return VrrpPacketError.UnsupportedAuthType;
        }

        ulong messageSum = InternetChecksum.Add(message);
        if (isVersion2)
        {
            if (InternetChecksum.Finish(messageSum) != 0)
            {
                return VrrpPacketError.BadChecksum;
            }
        }
        else if (ip.HasAddresses
            && InternetChecksum.Finish(InternetChecksum.AddPseudoHeader(ip.Source, ip.Destination, message.Length, messageSum)) == 0)
        {
            checksumForm = VrrpChecksumForm.PseudoHeader;
        }
        else if (ip.Family == AddressFamily.InterNetwork && InternetChecksum.Finish(messageSum) == 0)
        {
            // RFC 9568 form: IPv4 VRRPv3 checksum over the message alone.
            checksumForm = VrrpChecksumForm.Message;
        }
        else if (ip.Family == AddressFamily.InterNetwork && ip.HasAddresses && !ip.IsMulticastDestination
            && InternetChecksum.Finish(InternetChecksum.AddPseudoHeader(ip.Source, VrrpMulticastGroupIPv4, message.Length, messageSum)) == 0)
        {
            // keepalived's old_unicast_checksum: the pseudo-header carries the group, not the unicast peer.
            checksumForm = VrrpChecksumForm.PseudoHeaderWithMulticastGroup;
        }
        else
        {
            return VrrpPacketError.BadChecksum;
        }

        if (!isVersion2)
        {
            if (!ip.HasAddresses)
            {
                notes |= VrrpPacketNotes.PseudoHeaderUnchecked;
            }

            if ((message[VrrpPacketLayout.V3AdvertIntervalOffset] & 0xF0) != 0)
            {
                notes |= VrrpPacketNotes.ReservedBitsSet;
            }

            // RFC 9568 erratum 8300: the first IPv6 address should be the link-local one (fe80::/10).
            if (ip.Family == AddressFamily.InterNetworkV6
                && !(message[VrrpPacketLayout.HeaderLength] == 0xFE && (message[VrrpPacketLayout.HeaderLength + 1] & 0xC0) == 0x80))
            {
                notes |= VrrpPacketNotes.FirstAddressNotLinkLocal;
            }
        }

        return VrrpPacketError.None;
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;
using Vrrp.Packets;

namespace Vrrp.Linux.Announcements;

/// <summary>
/// Writes the Ethernet frames that tell a LAN where a virtual address now lives: a gratuitous ARP request (RFC 5227
/// §3 announcement, RFC 5798 §6.4.2) and an unsolicited Neighbor Advertisement (RFC 4861 §7.2.6).
/// </summary>
internal static class AnnouncementFrames
{
    public const int GratuitousArpLength = 42;
    public const int NeighborAdvertisementLength = 86;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeIPv6 = 0x86DD;

    public static ReadOnlySpan<byte> BroadcastMac => [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    /// <summary>33:33:00:00:00:01, the Ethernet address of ff02::1 (RFC 2464 §7).</summary>
    public static ReadOnlySpan<byte> AllNodesMac => [0x33, 0x33, 0x00, 0x00, 0x00, 0x01];

    private static ReadOnlySpan<byte> AllNodesAddress => [0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01];

    /// <summary>
    /// An ARP request from <paramref name="mac"/> whose sender and target protocol addresses are both the virtual
    /// address. The target hardware address is ff:ff:ff:ff:ff:ff, as keepalived and arping -U send it.
    /// </summary>
    public static int WriteGratuitousArp(Span<byte> frame, ReadOnlySpan<byte> mac, ReadOnlySpan<byte> address)
    {
        frame = frame[..GratuitousArpLength];
        BroadcastMac.CopyTo(frame);
        mac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherTypeArp);
        Span<byte> arp = frame[14..];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);                  // hardware type: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], 0x0800);        // protocol type: IPv4
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], 1);             // operation: request
        mac.CopyTo(arp[8..]);
        address.CopyTo(arp[14..]);
        BroadcastMac.CopyTo(arp[18..]);
        address.CopyTo(arp[24..]);
        return GratuitousArpLength;
    }

    /// <summary>
    /// An unsolicited Neighbor Advertisement for <paramref name="address"/>, from it, to ff02::1, hop limit 255,
    /// Override set, Solicited clear, Router as given, with the target link-layer address option.
    /// </summary>
    public static int WriteNeighborAdvertisement(Span<byte> frame, ReadOnlySpan<byte> mac, ReadOnlySpan<byte> address, bool router)
    {
        frame = frame[..NeighborAdvertisementLength];
        frame.Clear();
        AllNodesMac.CopyTo(frame);
        mac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherTypeIPv6);

        Span<byte> ip = frame[14..54];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], 32);
        ip[6] = (byte)ProtocolType.IcmpV6;                              // next header
        ip[7] = 255;                                                    // RFC 4861 §7.1.2: hop limit 255
        address.CopyTo(ip[8..]);
        AllNodesAddress.CopyTo(ip[24..]);

        Span<byte> icmp = frame[54..];
        icmp[0] = 136;                                                  // type: Neighbor Advertisement
        icmp[4] = (byte)(0x20 | (router ? 0x80 : 0));                   // flags: Override, and Router when asked
        address.CopyTo(icmp[8..]);
        icmp[24] = 2;                                                   // option: target link-layer address
        icmp[25] = 1;                                                   // length in units of 8 bytes
        mac.CopyTo(icmp[26..]);

        // RFC 4443 §2.3: checksum over the IPv6 pseudo-header (addresses, length, next header 58) and the message.
        ulong sum = InternetChecksum.Add(ip.Slice(8, 32));
        sum += (uint)icmp.Length + (uint)ProtocolType.IcmpV6;
        sum = InternetChecksum.Add(icmp, sum);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(sum));
        return NeighborAdvertisementLength;
    }
}

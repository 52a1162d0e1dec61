using System.Buffers.Binary;

namespace Vrrp.Cli.Captures;

/// <summary>Strips the link-layer header of a captured frame to reach its IP datagram.</summary>
internal static class LinkLayer
{
    /// <summary>The EtherTypes (IEEE 802 numbers) on the way to an IP datagram.</summary>
    private enum EtherType : ushort
    {
        IPv4 = 0x0800,
        IPv6 = 0x86DD,
        Vlan = 0x8100,
        QinQ = 0x88A8,
    }

    /// <summary>Returns the IP datagram inside a frame, or an empty span when the frame carries no IP.</summary>
    public static ReadOnlySpan<byte> GetIpDatagram(LinkType linkType, ReadOnlySpan<byte> frame)
    {
        switch (linkType)
        {
            case LinkType.Ethernet:
            {
                int offset = 12;
                while (frame.Length >= offset + 2)
                {
                    var etherType = (EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
                    if (etherType is EtherType.Vlan or EtherType.QinQ)
                    {
                        offset += 4;
                        continue;
                    }

                    return IsIp(etherType) ? frame[(offset + 2)..] : default;
                }

                return default;
            }

            case LinkType.LinuxCooked:
                // 16-byte SLL header: packet type, ARPHRD, address length, address[8], protocol.
                return frame.Length >= 16 && IsIp((EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[14..])) ? frame[16..] : default;
            case LinkType.LinuxCooked2:
                // 20-byte SLL2 header starting with the protocol.
                return frame.Length >= 20 && IsIp((EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame)) ? frame[20..] : default;
            case LinkType.Null:
                return frame.Length >= 4 ? frame[4..] : default;
            case LinkType.Raw or LinkType.IPv4 or LinkType.IPv6:
                return frame;
            default:
                return default;
        }
    }

    private static bool IsIp(EtherType etherType) => etherType is EtherType.IPv4 or EtherType.IPv6;
}

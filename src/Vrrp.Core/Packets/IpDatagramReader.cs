using System.Buffers.Binary;
using System.Net.Sockets;

namespace Vrrp.Packets;

/// <summary>
/// Reads the IPv4 or IPv6 header in front of a VRRP message, as delivered by an IPv4 raw socket or found in a capture.
/// Never throws and never allocates.
/// </summary>
public static class IpDatagramReader
{
    /// <summary>Reads an IP datagram. A truncated capture (shorter than the IP length field) is cut to what is there.</summary>
    /// <param name="data">Bytes starting at the IP header.</param>
    /// <param name="datagram">The datagram when the method returns <see langword="true"/>.</param>
    /// <returns>
    /// <see langword="false"/> when the bytes are not a well-formed IPv4 or IPv6 header, or the datagram is a non-first
    /// fragment (whose payload does not start with an upper-layer header).
    /// </returns>
    public static bool TryRead(ReadOnlySpan<byte> data, out IpDatagram datagram)
    {
        datagram = default;
        if (data.IsEmpty)
        {
            return false;
        }

        return (data[0] >> 4) switch
        {
            4 => TryReadIPv4(data, out datagram),
            6 => TryReadIPv6(data, out datagram),
            _ => false,
        };
    }

    private static bool TryReadIPv4(ReadOnlySpan<byte> data, out IpDatagram datagram)
    {
        datagram = default;
        if (data.Length < 20)
        {
            return false;
        }

        int headerLength = (data[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (headerLength < 20 || totalLength < headerLength || data.Length < headerLength)
        {
            return false;
        }

        // Only first fragments carry the upper-layer header; a capture cut short by its snap length keeps what it has.
        int fragmentOffset = BinaryPrimitives.ReadUInt16BigEndian(data[6..]) & 0x1FFF;
        if (fragmentOffset != 0)
        {
            return false;
        }

        ReadOnlySpan<byte> payload = data[headerLength..Math.Min(totalLength, data.Length)];
        byte protocol = data[9];
        bool viaAuthenticationHeader = false;
        if ((ProtocolType)protocol == ProtocolType.IPSecAuthenticationHeader)
        {
            if (!TrySkipAuthenticationHeader(ref payload, ref protocol))
            {
                return false;
            }

            viaAuthenticationHeader = true;
        }

        datagram = new IpDatagram(AddressFamily.InterNetwork, data.Slice(12, 4), data.Slice(16, 4), data[8], protocol, payload, viaAuthenticationHeader);
        return true;
    }

    private static bool TryReadIPv6(ReadOnlySpan<byte> data, out IpDatagram datagram)
    {
        datagram = default;
        if (data.Length < 40)
        {
            return false;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        ReadOnlySpan<byte> payload = data[40..Math.Min(40 + payloadLength, data.Length)];
        byte nextHeader = data[6];
        bool viaAuthenticationHeader = false;

        // Walk the extension headers (RFC 8200 §4; ProtocolType holds the IANA numbers); a bounded loop, since each
        // step consumes at least 8 bytes.
        while (true)
        {
            switch ((ProtocolType)nextHeader)
            {
                case ProtocolType.IPv6HopByHopOptions or ProtocolType.IPv6RoutingHeader or ProtocolType.IPv6DestinationOptions:
                    if (!TrySkipHeader(ref payload, ref nextHeader, minimumLength: 8, lengthUnit: 8, lengthBias: 1))
                    {
                        return false;
                    }

                    continue;
                case ProtocolType.IPv6FragmentHeader:
                    if (payload.Length < 8 || (BinaryPrimitives.ReadUInt16BigEndian(payload[2..]) & 0xFFF8) != 0)
                    {
                        return false;
                    }

                    nextHeader = payload[0];
                    payload = payload[8..];
                    continue;
                case ProtocolType.IPSecAuthenticationHeader:
                    if (!TrySkipAuthenticationHeader(ref payload, ref nextHeader))
                    {
                        return false;
                    }

                    viaAuthenticationHeader = true;
                    continue;
            }

            break;
        }

        datagram = new IpDatagram(AddressFamily.InterNetworkV6, data.Slice(8, 16), data.Slice(24, 16), data[7], nextHeader, payload, viaAuthenticationHeader);
        return true;
    }

    // RFC 4302 §2.2: Payload Len is the AH length in 32-bit words minus 2.
    private static bool TrySkipAuthenticationHeader(ref ReadOnlySpan<byte> payload, ref byte protocol) =>
        TrySkipHeader(ref payload, ref protocol, minimumLength: 12, lengthUnit: 4, lengthBias: 2);

    /// <summary>
    /// Skips one header that starts with Next Header and a length byte (IPv6 extension headers, IPsec AH): it is
    /// <c>(length byte + lengthBias) * lengthUnit</c> bytes long and at least <paramref name="minimumLength"/>.
    /// </summary>
    private static bool TrySkipHeader(ref ReadOnlySpan<byte> payload, ref byte protocol, int minimumLength, int lengthUnit, int lengthBias)
    {
        if (payload.Length < minimumLength)
        {
            return false;
        }

        int length = (payload[1] + lengthBias) * lengthUnit;
        if (payload.Length < length)
        {
            return false;
        }

        protocol = payload[0];
        payload = payload[length..];
        return true;
    }
}

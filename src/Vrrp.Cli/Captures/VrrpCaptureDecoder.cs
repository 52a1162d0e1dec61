using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vrrp.Packets;

namespace Vrrp.Cli.Captures;

/// <summary>Finds the VRRP packets (IPv4 protocol 112, IPv6 next header 112) in a capture and decodes each.</summary>
internal static class VrrpCaptureDecoder
{
    public static IEnumerable<DecodedVrrpFrame> Decode(ReadOnlyMemory<byte> captureFile)
    {
        foreach (CapturedFrame frame in CaptureFileReader.Read(captureFile))
        {
            DecodedVrrpFrame? decoded = DecodeFrame(frame);
            if (decoded is not null)
            {
                yield return decoded;
            }
        }
    }

    public static DecodedVrrpFrame? DecodeFrame(CapturedFrame frame)
    {
        ReadOnlySpan<byte> ipBytes = LinkLayer.GetIpDatagram(frame.LinkType, frame.Data.Span);
        if (!IpDatagramReader.TryRead(ipBytes, out IpDatagram ip) || !ip.IsVrrp)
        {
            return null;
        }

        VrrpIpContext context = ip.ToVrrpIpContext();
        ReadOnlySpan<byte> message = ip.Payload;
        bool valid = VrrpPacketReader.TryRead(message, context, out VrrpPacket packet, out VrrpPacketError error);
        DecodedVrrpFrame fields = DecodeFields(frame.Number, ip, context, message, error);

        // A valid packet's fields are the bytes the reader checked; the reader adds which checksum form matched and its
        // notes. checksumValid means "one of the standard forms matched"; keepalived's old unicast form is accepted (as
        // keepalived accepts it) but, like Wireshark, not called valid.
        return valid
            ? fields with { ChecksumValid = packet.ChecksumForm != VrrpChecksumForm.PseudoHeaderWithMulticastGroup, ChecksumForm = packet.ChecksumForm, Notes = packet.Notes }
            : fields;
    }

    /// <summary>Reads a packet field by field, as far as its bytes go, so that the reason an invalid one is dropped can be seen.</summary>
    private static DecodedVrrpFrame DecodeFields(int frameNumber, IpDatagram ip, VrrpIpContext context, ReadOnlySpan<byte> message, VrrpPacketError error)
    {
        bool hasHeader = message.Length >= 8;
        int version = hasHeader ? message[0] >> 4 : 0;
        bool isVersion2 = version == 2;
        int addressLength = context.AddressLength;
        int count = hasHeader ? message[3] : 0;
        var addresses = new List<string>();
        for (int offset = 8; hasHeader && addresses.Count < count && offset + addressLength <= message.Length; offset += addressLength)
        {
            addresses.Add(new IPAddress(message.Slice(offset, addressLength)).ToString());
        }

        int authOffset = 8 + (count * 4);
        bool hasAuth = isVersion2 && ip.Family == AddressFamily.InterNetwork && message.Length >= authOffset + 8;
        string? authString = null;
        if (isVersion2)
        {
            authString = hasAuth && message[4] == 1 ? DecodeText(TrimZeros(message.Slice(authOffset, 8))) : string.Empty;
        }

        return new DecodedVrrpFrame
        {
            FrameNumber = frameNumber,
            Source = new IPAddress(ip.Source).ToString(),
            Destination = new IPAddress(ip.Destination).ToString(),
            Ttl = ip.Ttl,
            Version = hasHeader ? version : null,
            Type = hasHeader ? message[0] & 0x0F : null,
            VirtualRouterId = hasHeader ? message[1] : null,
            Priority = hasHeader ? message[2] : null,
            AddressCount = hasHeader ? count : null,
            AdvertIntervalCentiseconds = hasHeader
                ? (isVersion2 ? message[5] * 100 : BinaryPrimitives.ReadUInt16BigEndian(message[4..]) & 0x0FFF)
                : null,
            Checksum = hasHeader ? BinaryPrimitives.ReadUInt16BigEndian(message[6..]) : null,
            ChecksumValid = hasHeader && IsChecksumValid(message, context, isVersion2),
            Addresses = addresses,
            AuthType = isVersion2 && hasHeader ? message[4] : null,
            AuthString = authString,
            Error = error,
        };
    }

    private static bool IsChecksumValid(ReadOnlySpan<byte> message, VrrpIpContext context, bool isVersion2)
    {
        ulong sum = InternetChecksum.Add(message);
        if (InternetChecksum.Finish(sum) == 0 && (isVersion2 || context.Family == AddressFamily.InterNetwork))
        {
            return true;
        }

        return !isVersion2 && context.HasAddresses
            && InternetChecksum.Finish(InternetChecksum.AddPseudoHeader(context.Source, context.Destination, message.Length, sum)) == 0;
    }

    private static ReadOnlySpan<byte> TrimZeros(ReadOnlySpan<byte> data)
    {
        int end = data.IndexOf((byte)0);
        return end < 0 ? data : data[..end];
    }

    private static string DecodeText(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text);
}

using System.Buffers.Binary;
using Vrrp.Packets;

namespace Vrrp.TestSupport.Captures;

/// <summary>Builds IP datagrams, Ethernet frames and pcap / pcapng files around VRRP messages for the decoder tests.</summary>
internal static class CaptureBuilder
{
    public static byte[] IPv4(byte[] source, byte[] destination, byte ttl, byte protocol, byte[] payload)
    {
        byte[] datagram = Datagram(20, 12, source, destination, payload);
        datagram[0] = 0x45;
        datagram[1] = 0xC0;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)datagram.Length);
        datagram[8] = ttl;
        datagram[9] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(10), InternetChecksum.Compute(datagram.AsSpan(0, 20)));
        return datagram;
    }

    public static byte[] IPv6(byte[] source, byte[] destination, byte hopLimit, byte nextHeader, byte[] payload)
    {
        byte[] datagram = Datagram(40, 8, source, destination, payload);
        datagram[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)payload.Length);
        datagram[6] = nextHeader;
        datagram[7] = hopLimit;
        return datagram;
    }

    // Both IP versions: the source address at addressOffset, the destination right after it, the payload after the header.
    private static byte[] Datagram(int headerLength, int addressOffset, byte[] source, byte[] destination, byte[] payload)
    {
        byte[] datagram = new byte[headerLength + payload.Length];
        source.CopyTo(datagram, addressOffset);
        destination.CopyTo(datagram, addressOffset + source.Length);
        payload.CopyTo(datagram, headerLength);
        return datagram;
    }

    public static byte[] Ethernet(byte[] datagram)
    {
        byte[] frame = new byte[14 + datagram.Length];
        frame.AsSpan(0, 6).Fill(0x01);
        byte[] source = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];
        source.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), (datagram[0] >> 4) == 6 ? (ushort)0x86DD : (ushort)0x0800);
        datagram.CopyTo(frame, 14);
        return frame;
    }

    public static byte[] LinuxCooked(byte[] datagram)
    {
        byte[] frame = new byte[16 + datagram.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), (datagram[0] >> 4) == 6 ? (ushort)0x86DD : (ushort)0x0800);
        datagram.CopyTo(frame, 16);
        return frame;
    }

    public static byte[] Pcap(int linkType, IEnumerable<byte[]> frames, bool bigEndian = false)
    {
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[24];
        WriteUInt32(header, 0xA1B2C3D4, bigEndian);
        WriteUInt16(header[4..], 2, bigEndian);
        WriteUInt16(header[6..], 4, bigEndian);
        WriteUInt32(header[16..], 65535, bigEndian);
        WriteUInt32(header[20..], (uint)linkType, bigEndian);
        stream.Write(header);
        Span<byte> record = stackalloc byte[16];
        foreach (byte[] frame in frames)
        {
            record.Clear();
            WriteUInt32(record[8..], (uint)frame.Length, bigEndian);
            WriteUInt32(record[12..], (uint)frame.Length, bigEndian);
            stream.Write(record);
            stream.Write(frame);
        }

        return stream.ToArray();
    }

    public static byte[] Pcapng(int linkType, IEnumerable<byte[]> frames)
    {
        using var stream = new MemoryStream();
        byte[] section = new byte[28];
        BinaryPrimitives.WriteUInt32LittleEndian(section, 0x0A0D0D0A);
        BinaryPrimitives.WriteUInt32LittleEndian(section.AsSpan(4), 28);
        BinaryPrimitives.WriteUInt32LittleEndian(section.AsSpan(8), 0x1A2B3C4D);
        BinaryPrimitives.WriteUInt16LittleEndian(section.AsSpan(12), 1);
        BinaryPrimitives.WriteInt64LittleEndian(section.AsSpan(16), -1);
        BinaryPrimitives.WriteUInt32LittleEndian(section.AsSpan(24), 28);
        stream.Write(section);

        byte[] description = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(description, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(description.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(description.AsSpan(8), (ushort)linkType);
        BinaryPrimitives.WriteUInt32LittleEndian(description.AsSpan(12), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(description.AsSpan(16), 20);
        stream.Write(description);

        foreach (byte[] frame in frames)
        {
            int padded = (frame.Length + 3) & ~3;
            int length = 32 + padded;
            byte[] block = new byte[length];
            BinaryPrimitives.WriteUInt32LittleEndian(block, 6);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), (uint)length);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(20), (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(24), (uint)frame.Length);
            frame.CopyTo(block, 28);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(length - 4), (uint)length);
            stream.Write(block);
        }

        return stream.ToArray();
    }

    private static void WriteUInt32(Span<byte> destination, uint value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        }
    }

    private static void WriteUInt16(Span<byte> destination, ushort value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
        }
    }
}

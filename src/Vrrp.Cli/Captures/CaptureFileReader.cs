using System.Buffers.Binary;

namespace Vrrp.Cli.Captures;

/// <summary>
/// Reads classic pcap (both byte orders, micro- and nanosecond) and pcapng (every section, interface description,
/// enhanced, simple and obsolete packet blocks) from memory. Any inconsistency throws <see cref="CaptureFormatException"/>
/// with the offset, so a corrupt file gives one clear line.
/// </summary>
internal static class CaptureFileReader
{
    private const uint PcapMagicMicroseconds = 0xA1B2C3D4;
    private const uint PcapMagicNanoseconds = 0xA1B23C4D;
    private const uint PcapngSectionHeader = 0x0A0D0D0A;
    private const uint PcapngByteOrderMagic = 0x1A2B3C4D;

    /// <summary>The pcapng block types read besides the section header (pcapng §4).</summary>
    private enum BlockType : uint
    {
        InterfaceDescription = 1,
        ObsoletePacket = 2,
        SimplePacket = 3,
        EnhancedPacket = 6,
    }

    public static IEnumerable<CapturedFrame> Read(ReadOnlyMemory<byte> file)
    {
        if (file.Length < 4)
        {
            throw new CaptureFormatException($"not a pcap or pcapng file: only {file.Length} bytes");
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file.Span);
        return magic switch
        {
            PcapngSectionHeader => ReadPcapng(file),
            PcapMagicMicroseconds or PcapMagicNanoseconds => ReadPcap(file, bigEndian: false),
            _ when BinaryPrimitives.ReverseEndianness(magic) is PcapMagicMicroseconds or PcapMagicNanoseconds => ReadPcap(file, bigEndian: true),
            _ => throw new CaptureFormatException($"not a pcap or pcapng file: unknown magic number 0x{magic:x8}"),
        };
    }

    private static IEnumerable<CapturedFrame> ReadPcap(ReadOnlyMemory<byte> file, bool bigEndian)
    {
        const int FileHeaderLength = 24;
        const int RecordHeaderLength = 16;
        if (file.Length < FileHeaderLength)
        {
            throw new CaptureFormatException("pcap file header is cut short");
        }

        LinkType linkType = (LinkType)(ReadUInt32(file.Span[20..], bigEndian) & 0x0FFFFFFF);
        int offset = FileHeaderLength;
        int number = 0;
        while (offset < file.Length)
        {
            if (file.Length - offset < RecordHeaderLength)
            {
                throw new CaptureFormatException($"pcap record header at offset {offset} is cut short");
            }

            uint capturedLength = ReadUInt32(file.Span[(offset + 8)..], bigEndian);
            if (capturedLength > file.Length - offset - RecordHeaderLength)
            {
                throw new CaptureFormatException($"pcap record at offset {offset} claims {capturedLength} bytes but the file ends first");
            }

            number++;
            yield return new CapturedFrame(number, linkType, file.Slice(offset + RecordHeaderLength, (int)capturedLength));
            offset += RecordHeaderLength + (int)capturedLength;
        }
    }

    private static IEnumerable<CapturedFrame> ReadPcapng(ReadOnlyMemory<byte> file)
    {
        var interfaces = new List<LinkType>();
        bool bigEndian = false;
        int offset = 0;
        int number = 0;
        while (offset < file.Length)
        {
            if (file.Length - offset < 12)
            {
                throw new CaptureFormatException($"pcapng block at offset {offset} is cut short");
            }

            var blockType = (BlockType)BinaryPrimitives.ReadUInt32LittleEndian(file.Span[offset..]);
            if ((uint)blockType == PcapngSectionHeader)
            {
                // The byte-order magic decides how this section (and its block lengths) are read.
                uint byteOrder = BinaryPrimitives.ReadUInt32LittleEndian(file.Span[(offset + 8)..]);
                bigEndian = byteOrder switch
                {
                    PcapngByteOrderMagic => false,
                    _ when BinaryPrimitives.ReverseEndianness(byteOrder) == PcapngByteOrderMagic => true,
                    _ => throw new CaptureFormatException($"pcapng section at offset {offset} has a bad byte-order magic"),
                };
                interfaces.Clear();
            }
            else
            {
                blockType = (BlockType)ReadUInt32(file.Span[offset..], bigEndian);
            }

            uint blockLength = ReadUInt32(file.Span[(offset + 4)..], bigEndian);
            if (blockLength < 12 || blockLength % 4 != 0 || blockLength > file.Length - offset)
            {
                throw new CaptureFormatException($"pcapng block at offset {offset} has a bad length {blockLength}");
            }

            ReadOnlyMemory<byte> body = file.Slice(offset + 8, (int)blockLength - 12);
            switch (blockType)
            {
                case BlockType.InterfaceDescription:
                    if (body.Length < 8)
                    {
                        throw new CaptureFormatException($"pcapng interface block at offset {offset} is cut short");
                    }

                    interfaces.Add((LinkType)ReadUInt16(body.Span, bigEndian));
                    break;
                case BlockType.EnhancedPacket or BlockType.ObsoletePacket:
                {
                    if (body.Length < 20)
                    {
                        throw new CaptureFormatException($"pcapng packet block at offset {offset} is cut short");
                    }

                    uint interfaceId = blockType == BlockType.EnhancedPacket ? ReadUInt32(body.Span, bigEndian) : ReadUInt16(body.Span, bigEndian);
                    uint capturedLength = ReadUInt32(body.Span[12..], bigEndian);
                    if (capturedLength > body.Length - 20)
                    {
                        throw new CaptureFormatException($"pcapng packet block at offset {offset} claims {capturedLength} bytes but the block ends first");
                    }

                    if (interfaceId >= (uint)interfaces.Count)
                    {
                        throw new CaptureFormatException($"pcapng packet block at offset {offset} names interface {interfaceId}, which was not described");
                    }

                    number++;
                    yield return new CapturedFrame(number, interfaces[(int)interfaceId], body.Slice(20, (int)capturedLength));
                    break;
                }

                case BlockType.SimplePacket:
                {
                    if (body.Length < 4 || interfaces.Count == 0)
                    {
                        throw new CaptureFormatException($"pcapng simple packet block at offset {offset} is cut short or has no interface");
                    }

                    uint originalLength = ReadUInt32(body.Span, bigEndian);
                    int length = (int)Math.Min(originalLength, (uint)(body.Length - 4));
                    number++;
                    yield return new CapturedFrame(number, interfaces[0], body.Slice(4, length));
                    break;
                }
            }

            offset += (int)blockLength;
        }
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> data, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data);

    private static ushort ReadUInt16(ReadOnlySpan<byte> data, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data) : BinaryPrimitives.ReadUInt16LittleEndian(data);
}

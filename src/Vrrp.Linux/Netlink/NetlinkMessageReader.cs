using System.Buffers.Binary;

namespace Vrrp.Linux.Netlink;

/// <summary>Walks the netlink messages of one datagram. Stops at the first malformed header.</summary>
internal ref struct NetlinkMessageReader
{
    private const int HeaderLength = 16;
    private ReadOnlySpan<byte> _remaining;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram) => _remaining = datagram;

    public bool TryRead(out NetlinkMessage message)
    {
        message = default;
        if (_remaining.Length < HeaderLength)
        {
            return false;
        }

        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(_remaining);
        if (length < HeaderLength || length > _remaining.Length)
        {
            _remaining = default;
            return false;
        }

        message = new NetlinkMessage(
            BinaryPrimitives.ReadUInt16LittleEndian(_remaining[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(_remaining[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(_remaining[8..]),
            _remaining[HeaderLength..length]);
        int aligned = Math.Min(NetlinkMessageWriter.Align(length), _remaining.Length);
        _remaining = _remaining[aligned..];
        return true;
    }
}

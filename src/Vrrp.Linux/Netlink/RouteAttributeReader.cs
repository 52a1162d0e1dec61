using System.Buffers.Binary;
using System.Text;

namespace Vrrp.Linux.Netlink;

/// <summary>Walks rtattr attributes; stops at the first malformed one.</summary>
internal ref struct RouteAttributeReader
{
    private ReadOnlySpan<byte> _remaining;

    public RouteAttributeReader(ReadOnlySpan<byte> attributes) => _remaining = attributes;

    public bool TryRead(out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (_remaining.Length < 4)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        if (length < 4 || length > _remaining.Length)
        {
            _remaining = default;
            return false;
        }

        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_remaining[2..]) & ~Interop.NLA_F_NESTED);
        value = _remaining[4..length];
        _remaining = _remaining[Math.Min(NetlinkMessageWriter.Align(length), _remaining.Length)..];
        return true;
    }

    public static ReadOnlySpan<byte> TrimNul(ReadOnlySpan<byte> value)
    {
        int nul = value.IndexOf((byte)0);
        return nul >= 0 ? value[..nul] : value;
    }

    public static string ReadString(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(TrimNul(value));
}

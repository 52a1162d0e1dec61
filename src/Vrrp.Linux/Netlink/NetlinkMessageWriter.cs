using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Vrrp.Linux.Netlink;

/// <summary>
/// Builds one netlink message (nlmsghdr, a fixed family header, then rtattr attributes, nested ones included) in a
/// caller's buffer. Throws <see cref="ArgumentException"/> when the buffer is too small: messages are built from
/// validated configuration, so an overflow is a programming error.
/// </summary>
internal ref struct NetlinkMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public NetlinkMessageWriter(Span<byte> buffer, ushort type, ushort flags)
    {
        _buffer = buffer;
        var header = new Interop.NetlinkMessageHeader { Type = type, Flags = flags };
        _length = 0;
        WriteRaw(MemoryMarshal.AsBytes(new ReadOnlySpan<Interop.NetlinkMessageHeader>(in header)));
    }

    /// <summary>Gets the bytes written so far.</summary>
    public readonly int Length => _length;

    public static int Align(int length) => (length + 3) & ~3;

    public void WriteHeader<T>(scoped in T value)
        where T : unmanaged => WriteRaw(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    public void WriteAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        int attributeLength = Unsafe.SizeOf<Interop.RouteAttribute>() + value.Length;
        EnsureRoom(Align(attributeLength));
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_length..], (ushort)attributeLength);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[(_length + 2)..], type);
        value.CopyTo(_buffer[(_length + 4)..]);
        _buffer.Slice(_length + attributeLength, Align(attributeLength) - attributeLength).Clear();
        _length += Align(attributeLength);
    }

    public void WriteAttribute(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        WriteAttribute(type, bytes);
    }

    public void WriteAttribute(ushort type, byte value) => WriteAttribute(type, [value]);

    /// <summary>Writes a NUL-terminated string attribute.</summary>
    public void WriteAttribute(ushort type, string value)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length) + 1];
        int count = Encoding.UTF8.GetBytes(value, bytes);
        bytes[count] = 0;
        WriteAttribute(type, bytes[..(count + 1)]);
    }

    /// <summary>Starts a nested attribute; returns the position to give to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        WriteAttribute((ushort)(type | Interop.NLA_F_NESTED), ReadOnlySpan<byte>.Empty);
        return start;
    }

    public readonly void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[start..], (ushort)(_length - start));

    /// <summary>Sets the sequence number and the total length, and returns the message.</summary>
    public readonly Span<byte> Finish(uint sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[8..], sequence);
        return _buffer[.._length];
    }

    private void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(Align(bytes.Length));
        bytes.CopyTo(_buffer[_length..]);
        _buffer.Slice(_length + bytes.Length, Align(bytes.Length) - bytes.Length).Clear();
        _length += Align(bytes.Length);
    }

    private readonly void EnsureRoom(int count)
    {
        if (_length + count > _buffer.Length)
        {
            throw new ArgumentException($"The netlink message does not fit in {_buffer.Length} bytes.");
        }
    }
}

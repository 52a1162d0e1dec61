using System.Runtime.InteropServices;

namespace Vrrp.Linux.Sockets;

/// <summary>
/// Walks the control messages of a <c>recvmsg</c> (each a <c>struct cmsghdr</c>, its data, padding to the next); stops
/// at the end or at the first one whose length does not fit. Allocates nothing.
/// </summary>
internal ref struct ControlMessageReader(ReadOnlySpan<byte> control)
{
    private ReadOnlySpan<byte> _rest = control;

    /// <summary>Reads the next control message: its level, type and data.</summary>
    /// <returns><see langword="false"/> when there is none left (or the rest is malformed).</returns>
    public unsafe bool TryRead(out int level, out int type, out ReadOnlySpan<byte> data)
    {
        level = 0;
        type = 0;
        data = default;
        int dataOffset = Interop.ControlMessageDataOffset;
        if (_rest.Length < dataOffset)
        {
            return false;
        }

        int length = (int)MemoryMarshal.Read<nuint>(_rest);
        if (length < dataOffset || length > _rest.Length)
        {
            return false;
        }

        level = MemoryMarshal.Read<int>(_rest[sizeof(nuint)..]);
        type = MemoryMarshal.Read<int>(_rest[(sizeof(nuint) + sizeof(int))..]);
        data = _rest[dataOffset..length];
        _rest = _rest[Math.Min(Interop.ControlMessageAlign(length), _rest.Length)..];
        return true;
    }
}

namespace Vrrp.Packets;

/// <summary>Enumerates the addresses of a <see cref="VrrpPacket"/> as spans over the packet, without allocating.</summary>
public ref struct VrrpAddressEnumerator
{
    private readonly ReadOnlySpan<byte> _addresses;
    private readonly int _addressLength;
    private int _offset;

    internal VrrpAddressEnumerator(ReadOnlySpan<byte> addresses, int addressLength)
    {
        _addresses = addresses;
        _addressLength = addressLength;
        _offset = -addressLength;
    }

    /// <summary>Gets the current address (4 or 16 bytes, network order).</summary>
    public readonly ReadOnlySpan<byte> Current => _addresses.Slice(_offset, _addressLength);

    /// <summary>Returns this enumerator, so it can be used in <c>foreach</c>.</summary>
    /// <returns>This enumerator.</returns>
    public readonly VrrpAddressEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next address.</summary>
    /// <returns><see langword="true"/> while there is one.</returns>
    public bool MoveNext()
    {
        _offset += _addressLength;
        return _offset + _addressLength <= _addresses.Length;
    }
}

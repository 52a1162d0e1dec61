using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Vrrp;

/// <summary>
/// An IPv4 or IPv6 address held by value (no heap object), so the advertisement path can carry and compare the
/// sender's primary address without allocating. Addresses of one family order as unsigned integers in network byte
/// order, which is the RFC 5798 §6.4.3 tie-break rule.
/// </summary>
public readonly struct VrrpAddress : IEquatable<VrrpAddress>, IComparable<VrrpAddress>
{
    private readonly UInt128 _value;
    private readonly byte _length;

    private VrrpAddress(UInt128 value, byte length)
    {
        _value = value;
        _length = length;
    }

    /// <summary>Gets the address family, or <see cref="AddressFamily.Unspecified"/> for the default value.</summary>
    public AddressFamily Family => _length switch
    {
        4 => AddressFamily.InterNetwork,
        16 => AddressFamily.InterNetworkV6,
        _ => AddressFamily.Unspecified,
    };

    /// <summary>Gets the number of bytes of the address: 4, 16, or 0 for the default value.</summary>
    public int Length => _length;

    /// <summary>Gets whether this is the default value, which holds no address.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>Creates an address from its bytes in network order.</summary>
    /// <param name="bytes">4 or 16 bytes.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 4 or 16 bytes long.</exception>
    public static VrrpAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (!TryFromBytes(bytes, out VrrpAddress address))
        {
            throw new ArgumentException($"An address is 4 (IPv4) or 16 (IPv6) bytes; got {bytes.Length}.", nameof(bytes));
        }

        return address;
    }

    /// <summary>Creates an address from its bytes in network order.</summary>
    /// <param name="bytes">4 or 16 bytes.</param>
    /// <param name="address">The address, or the default value when the length is wrong.</param>
    /// <returns><see langword="true"/> when <paramref name="bytes"/> is 4 or 16 bytes long.</returns>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out VrrpAddress address)
    {
        switch (bytes.Length)
        {
            case 4:
                address = new VrrpAddress(BinaryPrimitives.ReadUInt32BigEndian(bytes), 4);
                return true;
            case 16:
                address = new VrrpAddress(BinaryPrimitives.ReadUInt128BigEndian(bytes), 16);
                return true;
            default:
                address = default;
                return false;
        }
    }

    /// <summary>Creates an address from an <see cref="IPAddress"/>.</summary>
    /// <param name="address">An IPv4 or IPv6 address.</param>
    /// <returns>The address.</returns>
    public static VrrpAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException("The address could not be written.", nameof(address));
        }

        return FromBytes(bytes[..written]);
    }

    /// <summary>Writes the address in network order.</summary>
    /// <param name="destination">At least <see cref="Length"/> bytes.</param>
    /// <returns>The number of bytes written (<see cref="Length"/>).</returns>
    public int WriteBytes(Span<byte> destination)
    {
        if (_length == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_value);
        }
        else if (_length == 16)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, _value);
        }

        return _length;
    }

    /// <summary>Converts the address to an <see cref="IPAddress"/> (allocates).</summary>
    /// <returns>The address, or <see cref="IPAddress.None"/> for the default value.</returns>
    public IPAddress ToIPAddress()
    {
        if (_length == 0)
        {
            return IPAddress.None;
        }

        Span<byte> bytes = stackalloc byte[16];
        int length = WriteBytes(bytes);
        return new IPAddress(bytes[..length]);
    }

    /// <inheritdoc/>
    public bool Equals(VrrpAddress other) => _length == other._length && _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is VrrpAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_value, _length);

    /// <summary>
    /// Compares two addresses: IPv4 before IPv6, then as unsigned integers in network byte order (RFC 5798 §6.4.3).
    /// </summary>
    /// <param name="other">The other address.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(VrrpAddress other) => _length != other._length ? _length.CompareTo(other._length) : _value.CompareTo(other._value);

    /// <summary>Formats the address in the usual dotted or colon notation (allocates).</summary>
    /// <returns>The text form, or an empty string for the default value.</returns>
    public override string ToString() => _length == 0 ? string.Empty : ToIPAddress().ToString();

    /// <summary>Compares two addresses for equality.</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(VrrpAddress left, VrrpAddress right) => left.Equals(right);

    /// <summary>Compares two addresses for inequality.</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(VrrpAddress left, VrrpAddress right) => !left.Equals(right);

    /// <summary>Orders two addresses (see <see cref="CompareTo"/>).</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> orders first.</returns>
    public static bool operator <(VrrpAddress left, VrrpAddress right) => left.CompareTo(right) < 0;

    /// <summary>Orders two addresses (see <see cref="CompareTo"/>).</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> orders last.</returns>
    public static bool operator >(VrrpAddress left, VrrpAddress right) => left.CompareTo(right) > 0;

    /// <summary>Orders two addresses (see <see cref="CompareTo"/>).</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns><see langword="true"/> unless <paramref name="left"/> orders last.</returns>
    public static bool operator <=(VrrpAddress left, VrrpAddress right) => left.CompareTo(right) <= 0;

    /// <summary>Orders two addresses (see <see cref="CompareTo"/>).</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns><see langword="true"/> unless <paramref name="left"/> orders first.</returns>
    public static bool operator >=(VrrpAddress left, VrrpAddress right) => left.CompareTo(right) >= 0;
}

using System.Buffers.Binary;

namespace Vrrp.Packets;

/// <summary>
/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. Sums are kept in
/// a 64-bit accumulator and folded at the end, so parts (pseudo-header, message) can be added separately.
/// </summary>
public static class InternetChecksum
{
    /// <summary>The IP protocol number of VRRP (IPv4 protocol, IPv6 next header).</summary>
    public const byte VrrpProtocolNumber = 112;

    /// <summary>Adds <paramref name="data"/> to a running sum, as 16-bit big-endian words (an odd last byte is padded with zero).</summary>
    /// <param name="data">The bytes to add; their offset in the whole message must be even.</param>
    /// <param name="sum">The running sum.</param>
    /// <returns>The new running sum, not yet folded.</returns>
    public static ulong Add(ReadOnlySpan<byte> data, ulong sum = 0)
    {
        // 32-bit words are summed into 64 bits: ones' complement addition is associative, so folding later gives the
        // same result as adding 16-bit words one by one, with half the loop iterations.
        while (data.Length >= 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data);
            data = data[4..];
        }

        if (data.Length >= 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }

        if (data.Length == 1)
        {
            sum += (uint)data[0] << 8;
        }

        return sum;
    }

    /// <summary>Adds the IPv4 or IPv6 pseudo-header for an upper-layer message of the VRRP protocol.</summary>
    /// <param name="source">Source address bytes.</param>
    /// <param name="destination">Destination address bytes.</param>
    /// <param name="upperLayerLength">The length of the VRRP message.</param>
    /// <param name="sum">The running sum.</param>
    /// <returns>The new running sum, not yet folded.</returns>
    public static ulong AddPseudoHeader(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int upperLayerLength, ulong sum = 0)
    {
        sum = Add(source, sum);
        sum = Add(destination, sum);

        // IPv4 (RFC 768 layout): zero, protocol, 16-bit length. IPv6 (RFC 8200 §8.1): 32-bit length, 24 zero bits,
        // next header. Both add up to length + protocol, so one routine serves both families.
        return sum + (uint)upperLayerLength + VrrpProtocolNumber;
    }

    /// <summary>Folds a running sum to 16 bits and complements it: the value to put in a checksum field.</summary>
    /// <param name="sum">The running sum.</param>
    /// <returns>The checksum.</returns>
    public static ushort Finish(ulong sum)
    {
        sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>Computes the checksum of <paramref name="data"/> alone.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The checksum; 0 when <paramref name="data"/> already holds a correct checksum.</returns>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(data));
}

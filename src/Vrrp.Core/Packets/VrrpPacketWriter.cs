using System.Buffers.Binary;
using System.Net.Sockets;

namespace Vrrp.Packets;

/// <summary>
/// Writes VRRP advertisements into a caller's buffer, checksum included. Never allocates. Invalid arguments (which
/// are programming errors, not network input) throw <see cref="ArgumentException"/>; a buffer that is too small
/// returns <see langword="false"/>.
/// </summary>
public static class VrrpPacketWriter
{
    /// <summary>Gets the length of the VRRP message for a version, family and number of addresses.</summary>
    /// <param name="version">The version.</param>
    /// <param name="family">The address family.</param>
    /// <param name="addressCount">The number of addresses.</param>
    /// <returns>The message length in bytes.</returns>
    public static int GetMessageLength(VrrpVersion version, AddressFamily family, int addressCount) =>
        VrrpPacketLayout.HeaderLength
        + (addressCount * (family == AddressFamily.InterNetworkV6 ? 16 : 4))
        + (version == VrrpVersion.V2 ? VrrpPacketLayout.AuthenticationDataLength : 0);

    /// <summary>Writes an advertisement without authentication data, with the RFC 5798 pseudo-header checksum for VRRPv3.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="advertisement">The fixed fields.</param>
    /// <param name="addresses">The addresses back to back in network order (4 or 16 bytes each).</param>
    /// <param name="ip">The family, and for VRRPv3 the source and destination addresses of the pseudo-header.</param>
    /// <param name="bytesWritten">The message length, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    public static bool TryWrite(Span<byte> destination, in VrrpAdvertisement advertisement, ReadOnlySpan<byte> addresses, in VrrpIpContext ip, out int bytesWritten) =>
        TryWrite(destination, advertisement, addresses, default, ip, VrrpChecksumForm.PseudoHeader, out bytesWritten);

    /// <summary>Writes an advertisement.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="advertisement">The fixed fields.</param>
    /// <param name="addresses">The addresses back to back in network order (4 or 16 bytes each).</param>
    /// <param name="authenticationData">VRRPv2 only: up to 8 bytes (a simple-text password), zero-padded; ignored for VRRPv3.</param>
    /// <param name="ip">The family, and for the pseudo-header checksum the source and destination addresses.</param>
    /// <param name="ipv4ChecksumForm">
    /// For VRRPv3 over IPv4: <see cref="VrrpChecksumForm.PseudoHeader"/> (RFC 5798, keepalived's default) or
    /// <see cref="VrrpChecksumForm.Message"/> (RFC 9568). VRRPv2 always uses the message form and IPv6 the pseudo-header.
    /// </param>
    /// <param name="bytesWritten">The message length, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    public static bool TryWrite(
        Span<byte> destination,
        in VrrpAdvertisement advertisement,
        ReadOnlySpan<byte> addresses,
        ReadOnlySpan<byte> authenticationData,
        in VrrpIpContext ip,
        VrrpChecksumForm ipv4ChecksumForm,
        out int bytesWritten)
    {
        int addressLength = ip.AddressLength;
        if (addressLength == 0)
        {
            throw new ArgumentException("The address family must be IPv4 or IPv6.", nameof(ip));
        }

        bool isVersion2 = advertisement.Version == VrrpVersion.V2;
        if (!isVersion2 && advertisement.Version != VrrpVersion.V3)
        {
            throw new ArgumentException($"VRRP version {(int)advertisement.Version} is not supported; use 2 or 3.", nameof(advertisement));
        }

        if (isVersion2 && ip.Family != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("VRRPv2 is defined for IPv4 only (RFC 3768); use VRRPv3 for IPv6.", nameof(advertisement));
        }

        if (addresses.Length == 0 || addresses.Length % addressLength != 0 || addresses.Length / addressLength > byte.MaxValue)
        {
            throw new ArgumentException($"The addresses must be 1 to 255 addresses of {addressLength} bytes each; got {addresses.Length} bytes.", nameof(addresses));
        }

        int interval = advertisement.AdvertIntervalCentiseconds;
        if (isVersion2 ? (interval % 100 != 0 || interval < 100 || interval > 25500) : (interval < 1 || interval > VrrpPacketLayout.V3AdvertIntervalMask))
        {
            throw new ArgumentException(
                isVersion2
                    ? $"A VRRPv2 advertisement interval is whole seconds from 1 to 255; got {interval} centiseconds."
                    : $"A VRRPv3 advertisement interval is 1 to 4095 centiseconds; got {interval}.",
                nameof(advertisement));
        }

        if (authenticationData.Length > VrrpPacketLayout.AuthenticationDataLength)
        {
            throw new ArgumentException("VRRPv2 authentication data is at most 8 bytes.", nameof(authenticationData));
        }

        if (ipv4ChecksumForm is not (VrrpChecksumForm.Message or VrrpChecksumForm.PseudoHeader))
        {
            throw new ArgumentException("Only the message and pseudo-header checksum forms can be sent.", nameof(ipv4ChecksumForm));
        }

        bool withPseudoHeader = !isVersion2
            && (ip.Family == AddressFamily.InterNetworkV6 || ipv4ChecksumForm == VrrpChecksumForm.PseudoHeader);
        if (withPseudoHeader && !ip.HasAddresses)
        {
            throw new ArgumentException("The VRRPv3 pseudo-header checksum needs the source and destination addresses.", nameof(ip));
        }

        int addressCount = addresses.Length / addressLength;
        int length = GetMessageLength(advertisement.Version, ip.Family, addressCount);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        Span<byte> message = destination[..length];
        message[VrrpPacketLayout.VersionTypeOffset] = (byte)(((int)advertisement.Version << 4) | VrrpPacketLayout.AdvertisementType);
        message[VrrpPacketLayout.VirtualRouterIdOffset] = advertisement.VirtualRouterId;
        message[VrrpPacketLayout.PriorityOffset] = advertisement.Priority;
        message[VrrpPacketLayout.AddressCountOffset] = (byte)addressCount;
        if (isVersion2)
        {
            message[VrrpPacketLayout.AuthTypeOffset] = (byte)advertisement.AuthType;
            message[VrrpPacketLayout.V2AdvertIntervalOffset] = (byte)(interval / 100);
        }
        else
        {
            // The reserved bits are always sent as zero: FRR 8.4 does not mask them on receive.
            BinaryPrimitives.WriteUInt16BigEndian(message[VrrpPacketLayout.V3AdvertIntervalOffset..], (ushort)interval);
        }

        BinaryPrimitives.WriteUInt16BigEndian(message[VrrpPacketLayout.ChecksumOffset..], 0);
        addresses.CopyTo(message[VrrpPacketLayout.HeaderLength..]);
        if (isVersion2)
        {
            Span<byte> auth = message.Slice(VrrpPacketLayout.HeaderLength + addresses.Length, VrrpPacketLayout.AuthenticationDataLength);
            auth.Clear();
            authenticationData.CopyTo(auth);
        }

        ulong sum = InternetChecksum.Add(message);
        if (withPseudoHeader)
        {
            sum = InternetChecksum.AddPseudoHeader(ip.Source, ip.Destination, length, sum);
        }

        BinaryPrimitives.WriteUInt16BigEndian(message[VrrpPacketLayout.ChecksumOffset..], InternetChecksum.Finish(sum));
        bytesWritten = length;
        return true;
    }
}

using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vrrp.Packets;

namespace Vrrp.Linux.Sockets;

/// <summary>
/// One non-blocking <c>recvmsg</c> on the raw VRRP socket, decoded once into a <see cref="VrrpReceivedAdvertisement"/>:
/// an IPv4 raw socket delivers the IP header (TTL, source and destination come from it); an IPv6 one delivers the
/// payload only, with the source in the socket address and the hop limit and destination in ancillary data. Both
/// carry the kernel's receive time (SO_TIMESTAMPNS), handed on as the advertisement's age. Allocates nothing.
/// </summary>
internal static class VrrpDatagramReceiver
{
    private const int SocketAddressCapacity = 32;
    private const int ControlCapacity = 128;

    /// <summary>Reads one datagram and decodes it, once; without blocking unless <paramref name="wait"/>.</summary>
    /// <param name="handle">The receive socket.</param>
    /// <param name="family">Its address family.</param>
    /// <param name="interfaceName">For the error message.</param>
    /// <param name="buffer">Where to receive.</param>
    /// <param name="advertisement">The advertisement when the status is <see cref="LinuxReceiveStatus.Received"/>.</param>
    /// <param name="error">Why it was dropped when the status is <see cref="LinuxReceiveStatus.Dropped"/>.</param>
    /// <returns>Nothing queued, a valid advertisement, or a malformed datagram.</returns>
    /// <param name="wait">Block until a datagram comes (or the socket's receive timeout passes: then nothing is queued).</param>
    /// <exception cref="IOException">recvmsg failed.</exception>
    public static unsafe LinuxReceiveStatus TryReceive(SafeSocketHandle handle, AddressFamily family, string interfaceName, Span<byte> buffer, out VrrpReceivedAdvertisement advertisement, out VrrpPacketError error, bool wait = false)
    {
        advertisement = default;
        error = VrrpPacketError.None;
        byte* name = stackalloc byte[SocketAddressCapacity];
        byte* control = stackalloc byte[ControlCapacity];
        nint received;
        int flags;
        int controlLength;
        fixed (byte* data = buffer)
        {
            var vector = new Interop.IOVector { Base = data, Length = (nuint)buffer.Length };
            var message = new Interop.MessageHeader
            {
                Name = name,
                NameLength = SocketAddressCapacity,
                IOVectors = &vector,
                IOVectorCount = 1,
                Control = control,
                ControlLength = ControlCapacity,
            };
            received = Interop.RecvMsg(handle, &message, wait ? 0 : Interop.MSG_DONTWAIT);
            flags = message.Flags;
            controlLength = (int)message.ControlLength;
        }

        if (received < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if ((Interop.Errno)errno is Interop.Errno.EAGAIN or Interop.Errno.EINTR)
            {
                return LinuxReceiveStatus.WouldBlock;
            }

            throw new IOException($"receiving VRRP on {interfaceName} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        if ((flags & Interop.MSG_TRUNC) != 0)
        {
            error = VrrpPacketError.Oversized;
            return LinuxReceiveStatus.Dropped;
        }

        // An IPv4 raw socket delivers the IP header too: TTL, source and destination come from it.
        var controlMessages = new ReadOnlySpan<byte>(control, Math.Min(controlLength, ControlCapacity));
        bool decoded = family == AddressFamily.InterNetwork
            ? VrrpReceivedAdvertisement.TryDecodeDatagram(buffer, (int)received, out advertisement, out error)
            : DecodeIPv6(buffer, (int)received, new ReadOnlySpan<byte>(name, SocketAddressCapacity), controlMessages, out advertisement, out error);
        if (!decoded)
        {
            return LinuxReceiveStatus.Dropped;
        }

        advertisement = advertisement with { Age = AgeOf(controlMessages) };
        return LinuxReceiveStatus.Received;
    }

    /// <summary>
    /// How long ago the kernel received the datagram (its SCM_TIMESTAMPNS, wall clock, against the wall clock now), or
    /// zero without a timestamp or when the two disagree by more than a second (the clock was set in between).
    /// </summary>
    private static TimeSpan AgeOf(ReadOnlySpan<byte> control)
    {
        var reader = new ControlMessageReader(control);
        while (reader.TryRead(out int level, out int type, out ReadOnlySpan<byte> data))
        {
            if (level == Interop.SOL_SOCKET && type == Interop.SO_TIMESTAMPNS && data.Length >= 2 * sizeof(long))
            {
                long seconds = MemoryMarshal.Read<long>(data);
                long nanoseconds = MemoryMarshal.Read<long>(data[sizeof(long)..]);
                long arrived = DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100);
                long age = DateTime.UtcNow.Ticks - arrived;
                return age is > 0 and <= TimeSpan.TicksPerSecond ? TimeSpan.FromTicks(age) : TimeSpan.Zero;
            }
        }

        return TimeSpan.Zero;
    }

    private static bool DecodeIPv6(ReadOnlySpan<byte> buffer, int received, ReadOnlySpan<byte> name, ReadOnlySpan<byte> control, out VrrpReceivedAdvertisement advertisement, out VrrpPacketError error)
    {
        // An IPv6 raw socket delivers the payload only: the source is in the socket address (sockaddr_in6, address at
        // offset 8), the hop limit and destination in ancillary data.
        ReadOnlySpan<byte> source = name.Slice(8, 16);
        ReadOnlySpan<byte> destination = default;
        int hopLimit = VrrpIpContext.UnknownTtl;
        var reader = new ControlMessageReader(control);
        while (reader.TryRead(out int level, out int type, out ReadOnlySpan<byte> data))
        {
            if (level == Interop.IPPROTO_IPV6 && type == Interop.IPV6_HOPLIMIT && data.Length >= sizeof(int))
            {
                hopLimit = MemoryMarshal.Read<int>(data);
            }
            else if (level == Interop.IPPROTO_IPV6 && type == Interop.IPV6_PKTINFO && data.Length >= 20)
            {
                destination = data[..16];
            }
        }

        var context = VrrpIpContext.IPv6(source, destination, hopLimit);
        return VrrpReceivedAdvertisement.TryDecode(buffer, 0, received, context, out advertisement, out error);
    }
}

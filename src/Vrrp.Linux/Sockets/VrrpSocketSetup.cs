using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vrrp.Packets;

namespace Vrrp.Linux.Sockets;

/// <summary>
/// Socket options of the transport's two raw sockets, as keepalived sets them: the receive socket joins the group and
/// asks for the IPv6 hop limit and destination; the send socket is bound to the source address, sends with TTL / hop
/// limit 255 and IP precedence "internetwork control", and never sees traffic.
/// </summary>
internal static class VrrpSocketSetup
{
    private const int TypeOfServiceInternetControl = 0xC0;

    public static void ConfigureReceive(Socket socket, string name, int index, bool v6, IPAddress? joinGroup)
    {
        LinuxSocket.BindToDevice(socket, name, $"binding the VRRP socket to {name}");

        // The kernel's receive time of each datagram: a backup counts Master_Down_Timer from the advert's arrival.
        LinuxSocket.SetOption(socket, Interop.SOL_SOCKET, Interop.SO_TIMESTAMPNS, 1, "setting SO_TIMESTAMPNS");
        if (v6)
        {
            // Only groups this socket joined, not every group any socket of the host joined.
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_ALL, 0, "setting IPV6_MULTICAST_ALL");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_RECVHOPLIMIT, 1, "setting IPV6_RECVHOPLIMIT");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_RECVPKTINFO, 1, "setting IPV6_RECVPKTINFO");
        }
        else
        {
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IP, Interop.IP_MULTICAST_ALL, 0, "setting IP_MULTICAST_ALL");
        }

        if (joinGroup is not null)
        {
            SetMembership(socket, name, index, joinGroup, join: true);
        }
    }

    /// <summary>Joins or leaves a multicast group on the interface (IP_ADD/DROP_MEMBERSHIP, IPV6_ADD/DROP_MEMBERSHIP).</summary>
    public static unsafe void SetMembership(Socket socket, string name, int index, IPAddress group, bool join)
    {
        string operation = $"{(join ? "joining" : "leaving")} {group} on {name}";
        if (group.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var request = new Interop.IPv6MulticastRequest { InterfaceIndex = index };
            group.TryWriteBytes(new Span<byte>(request.MulticastAddress, 16), out _);
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, join ? Interop.IPV6_ADD_MEMBERSHIP : Interop.IPV6_DROP_MEMBERSHIP, AsBytes(ref request), operation);
        }
        else
        {
            var request = new Interop.IPv4MulticastRequest { MulticastAddress = ToNetworkUInt32(group), InterfaceIndex = index };
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IP, join ? Interop.IP_ADD_MEMBERSHIP : Interop.IP_DROP_MEMBERSHIP, AsBytes(ref request), operation);
        }
    }

    /// <summary>
    /// Asks for a larger receive buffer (best effort: SO_RCVBUFFORCE with CAP_NET_ADMIN, else SO_RCVBUF up to
    /// rmem_max), so that a socket shared by hundreds of instances rides out a pause of its reader without drops.
    /// </summary>
    public static void TryEnlargeReceiveBuffer(Socket socket, int bytes)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        MemoryMarshal.Write(value, in bytes);
        try
        {
            socket.SetRawSocketOption(Interop.SOL_SOCKET, Interop.SO_RCVBUFFORCE, value);
        }
        catch (SocketException)
        {
            try
            {
                socket.SetRawSocketOption(Interop.SOL_SOCKET, Interop.SO_RCVBUF, value);
            }
            catch (SocketException)
            {
            }
        }
    }

    /// <summary>Whether an address (of a received datagram) is a multicast address; empty is not.</summary>
    public static bool IsMulticast(VrrpAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = address.WriteBytes(bytes);
        return length == 4 ? (bytes[0] & 0xF0) == 0xE0 : length == 16 && bytes[0] == 0xFF;
    }

    public static void ConfigureSend(Socket socket, string name, int index, bool v6, IPAddress source)
    {
        LinuxSocket.BindToDevice(socket, name, $"binding the VRRP socket to {name}");
        if (v6)
        {
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_IF, index, "setting IPV6_MULTICAST_IF");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_HOPS, VrrpPacketReader.RequiredTtl, "setting IPV6_MULTICAST_HOPS");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_UNICAST_HOPS, VrrpPacketReader.RequiredTtl, "setting IPV6_UNICAST_HOPS");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_LOOP, 0, "setting IPV6_MULTICAST_LOOP");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_CHECKSUM, 6, "setting IPV6_CHECKSUM");
        }
        else
        {
            var request = new Interop.IPv4MulticastRequest { InterfaceIndex = index };
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IP, Interop.IP_MULTICAST_IF, AsBytes(ref request), "setting IP_MULTICAST_IF");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IP, Interop.IP_MULTICAST_TTL, VrrpPacketReader.RequiredTtl, "setting IP_MULTICAST_TTL");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IP, Interop.IP_TTL, VrrpPacketReader.RequiredTtl, "setting IP_TTL");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IP, Interop.IP_MULTICAST_LOOP, 0, "setting IP_MULTICAST_LOOP");
            LinuxSocket.SetOption(socket, Interop.IPPROTO_IP, Interop.IP_TOS, TypeOfServiceInternetControl, "setting IP_TOS");
        }

        try
        {
            socket.Bind(new IPEndPoint(source, 0));
        }
        catch (SocketException ex)
        {
            throw new IOException($"cannot send VRRP advertisements from {source} on {name}: {ex.Message} (is it an address of {name}?)", ex);
        }

        // After the bind, which must still refuse an address the host does not have: a master whose source address was
        // just deleted can then still send its priority-0 advert from it (keepalived, writing its own IPv4 header, does
        // too), so the backup takes over after Skew_Time instead of Master_Down_Interval. The kernel otherwise refuses
        // a source that is no longer local. Best effort (needs CAP_NET_ADMIN or CAP_NET_RAW, which we have).
        try
        {
            socket.SetRawSocketOption(v6 ? Interop.IPPROTO_IPV6 : Interop.IPPROTO_IP, v6 ? Interop.IPV6_TRANSPARENT : Interop.IP_TRANSPARENT, BitConverter.GetBytes(1));
        }
        catch (SocketException)
        {
        }
    }

    public static IPAddress ScopeTo(IPAddress address, int index) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && (address.IsIPv6LinkLocal || address.IsIPv6Multicast)
            ? new IPAddress(address.GetAddressBytes(), index)
            : address;

    public static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? address.IsIPv6Multicast : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;

    public static uint ToNetworkUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return MemoryMarshal.Read<uint>(bytes);
    }

    public static ReadOnlySpan<byte> AsBytes<T>(ref T value)
        where T : unmanaged => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref value, 1));

    private readonly struct Destination(IPAddress address)
    {
        public VrrpAddress Address { get; } = VrrpAddress.FromIPAddress(address);

        public SocketAddress SocketAddress { get; } = new IPEndPoint(address, 0).Serialize();
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Vrrp.Linux.Links;

namespace Vrrp.Linux.Netlink;

/// <summary>rtnetlink queries and the parsing of link and address messages.</summary>
internal static class NetlinkRoute
{
    public const int InterfaceInfoLength = 16;
    public const int InterfaceAddressLength = 8;

    /// <summary>Parses one reply message; <see langword="null"/> when it is not of the kind asked for.</summary>
    public delegate T? Parser<T>(NetlinkMessage message)
        where T : class;

    /// <summary>Looks an interface up by name; <see langword="null"/> when it does not exist.</summary>
    public static NetworkLinkInfo? GetLink(NetlinkSocket socket, string name) => QueryLink(socket, name, TryParseLink);

    /// <summary>
    /// Sends RTM_GETLINK for the interface called <paramref name="name"/> and parses the reply;
    /// <see langword="null"/> when there is no such interface.
    /// </summary>
    public static T? QueryLink<T>(NetlinkSocket socket, string name, Parser<T> parse)
        where T : class
    {
        Span<byte> buffer = stackalloc byte[128];
        var request = new NetlinkMessageWriter(buffer, Interop.RTM_GETLINK, Interop.NLM_F_REQUEST | Interop.NLM_F_ACK);
        request.WriteHeader(new Interop.InterfaceInfoMessage());
        request.WriteAttribute(Interop.IFLA_IFNAME, name);
        T? result = null;
        int error = socket.Transact(request, reply => result ??= parse(reply), out string? text);
        return (Interop.Errno)error switch
        {
            0 => result,
            Interop.Errno.ENODEV or Interop.Errno.ENOENT => null,
            _ => throw new NetlinkException($"looking up interface {name}", error, text),
        };
    }

    /// <summary>Lists all interfaces.</summary>
    public static List<NetworkLinkInfo> GetLinks(NetlinkSocket socket) =>
        Dump(socket, Interop.RTM_GETLINK, new Interop.InterfaceInfoMessage(), TryParseLink, "listing interfaces");

    /// <summary>Lists the addresses of one family (or both with <see cref="AddressFamily.Unspecified"/>).</summary>
    public static List<InterfaceAddressEntry> GetAddresses(NetlinkSocket socket, AddressFamily family) =>
        Dump(socket, Interop.RTM_GETADDR, new Interop.InterfaceAddressMessage { Family = ToNative(family) }, TryParseAddress, "listing addresses");

    public static NetworkLinkInfo? TryParseLink(NetlinkMessage message)
    {
        if (message.Type is not (Interop.RTM_NEWLINK or Interop.RTM_DELLINK) || message.Payload.Length < InterfaceInfoLength)
        {
            return null;
        }

        int index = BinaryPrimitives.ReadInt32LittleEndian(message.Payload[4..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(message.Payload[8..]);
        string? name = null;
        PhysicalAddress? hardwareAddress = null;
        int mtu = 0;
        RouteAttributeReader attributes = message.GetAttributes(InterfaceInfoLength);
        while (attributes.TryRead(out ushort type, out ReadOnlySpan<byte> value))
        {
            switch (type)
            {
                case Interop.IFLA_IFNAME:
                    name = RouteAttributeReader.ReadString(value);
                    break;
                case Interop.IFLA_ADDRESS when value.Length > 0:
                    hardwareAddress = new PhysicalAddress(value.ToArray());
                    break;
                case Interop.IFLA_MTU when value.Length >= 4:
                    mtu = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
            }
        }

        return name is null ? null : new NetworkLinkInfo(index, name, (flags & Interop.IFF_UP) != 0, (flags & Interop.IFF_RUNNING) != 0, hardwareAddress, mtu);
    }

    public static InterfaceAddressEntry? TryParseAddress(NetlinkMessage message)
    {
        if (message.Type is not (Interop.RTM_NEWADDR or Interop.RTM_DELADDR) || message.Payload.Length < InterfaceAddressLength)
        {
            return null;
        }

        ReadOnlySpan<byte> header = message.Payload;
        byte family = header[0];
        uint flags = header[2];
        int index = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        ReadOnlySpan<byte> local = default;
        ReadOnlySpan<byte> address = default;
        string? label = null;
        RouteAttributeReader attributes = message.GetAttributes(InterfaceAddressLength);
        while (attributes.TryRead(out ushort type, out ReadOnlySpan<byte> value))
        {
            switch (type)
            {
                case Interop.IFA_LOCAL:
                    local = value;
                    break;
                case Interop.IFA_ADDRESS:
                    address = value;
                    break;
                case Interop.IFA_LABEL:
                    label = RouteAttributeReader.ReadString(value);
                    break;
                case Interop.IFA_FLAGS when value.Length >= 4:
                    flags = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
            }
        }

        // For IPv4 IFA_LOCAL is the interface's own address (IFA_ADDRESS is the peer on point-to-point links).
        ReadOnlySpan<byte> own = !local.IsEmpty ? local : address;
        int expected = family == Interop.AF_INET ? 4 : family == Interop.AF_INET6 ? 16 : 0;
        if (expected == 0 || own.Length != expected)
        {
            return null;
        }

        IPAddress ip = new(own);
        if (family == Interop.AF_INET6 && ip.IsIPv6LinkLocal)
        {
            ip.ScopeId = index;
        }

        return new InterfaceAddressEntry(index, ip, header[1], flags, header[3], label);
    }

    /// <summary>Sends a dump request (NLM_F_DUMP) and collects every reply message <paramref name="parse"/> understands.</summary>
    private static List<T> Dump<THeader, T>(NetlinkSocket socket, ushort type, THeader header, Parser<T> parse, string operation)
        where THeader : unmanaged
        where T : class
    {
        Span<byte> buffer = stackalloc byte[64];
        var request = new NetlinkMessageWriter(buffer, type, Interop.NLM_F_REQUEST | Interop.NLM_F_DUMP);
        request.WriteHeader(header);
        var items = new List<T>();
        int error = socket.Transact(request, reply =>
        {
            if (parse(reply) is { } item)
            {
                items.Add(item);
            }
        }, out string? text);
        if (error != 0)
        {
            throw new NetlinkException(operation, error, text);
        }

        return items;
    }

    public static byte ToNative(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => Interop.AF_INET,
        AddressFamily.InterNetworkV6 => Interop.AF_INET6,
        _ => 0,
    };

    public static int SizeOf<T>()
        where T : unmanaged => Unsafe.SizeOf<T>();
}

using System.Net.NetworkInformation;
using Vrrp.Linux.Links;
using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Vmac;

/// <summary>
/// The rtnetlink operations on a VMAC interface: a macvlan in private mode on the instance's interface, created,
/// brought up and down, and deleted with RTM_NEWLINK / RTM_DELLINK (no <c>ip link</c>).
/// </summary>
internal static class LinuxVirtualMacInterface
{
    private const string MacvlanKind = "macvlan";

    /// <summary>Gets the kind (<c>IFLA_INFO_KIND</c>, "macvlan", "veth", ...) of an interface, or null when it has none.</summary>
    public static string? GetKind(NetlinkSocket socket, string name) => NetlinkRoute.QueryLink(socket, name, TryParseKind);

    /// <summary>Whether <paramref name="kind"/> is a macvlan (so an interface of that name may be deleted as a stale VMAC).</summary>
    public static bool IsMacvlan(string? kind) => string.Equals(kind, MacvlanKind, StringComparison.Ordinal);

    /// <summary>
    /// Creates the macvlan, down, in private mode (VMACs of several instances on one interface never talk to each
    /// other), then turns IPv6 address generation off on it so it gets no link-local address of its own.
    /// </summary>
    /// <returns>The index of the new interface.</returns>
    public static int Create(NetlinkSocket socket, string name, int parentIndex, PhysicalAddress mac)
    {
        Span<byte> buffer = stackalloc byte[256];
        var request = new NetlinkMessageWriter(buffer, Interop.RTM_NEWLINK, Interop.NLM_F_REQUEST | Interop.NLM_F_ACK | Interop.NLM_F_CREATE | Interop.NLM_F_EXCL);
        request.WriteHeader(new Interop.InterfaceInfoMessage());
        request.WriteAttribute(Interop.IFLA_IFNAME, name);
        request.WriteAttribute(Interop.IFLA_LINK, (uint)parentIndex);
        request.WriteAttribute(Interop.IFLA_ADDRESS, mac.GetAddressBytes());
        int linkInfo = request.BeginNested(Interop.IFLA_LINKINFO);
        request.WriteAttribute(Interop.IFLA_INFO_KIND, MacvlanKind);
        int data = request.BeginNested(Interop.IFLA_INFO_DATA);
        request.WriteAttribute(Interop.IFLA_MACVLAN_MODE, Interop.MACVLAN_MODE_PRIVATE);
        request.EndNested(data);
        request.EndNested(linkInfo);
        int error = socket.Transact(request, null, out string? text);
        ThrowIfFailed(error, $"creating VMAC interface {name}", text);

        NetworkLinkInfo link = NetlinkRoute.GetLink(socket, name) ?? throw new NetlinkException($"VMAC interface {name} vanished right after it was created");
        DisableIPv6AddressGeneration(socket, link.Index);
        return link.Index;
    }

    /// <summary>Sets the interface administratively up or down.</summary>
    public static void SetUp(NetlinkSocket socket, string name, int index, bool up)
    {
        Span<byte> buffer = stackalloc byte[64];
        var request = new NetlinkMessageWriter(buffer, Interop.RTM_NEWLINK, Interop.NLM_F_REQUEST | Interop.NLM_F_ACK);
        request.WriteHeader(new Interop.InterfaceInfoMessage { Index = index, Flags = up ? Interop.IFF_UP : 0, Change = Interop.IFF_UP });
        int error = socket.Transact(request, null, out string? text);
        ThrowIfFailed(error, $"setting VMAC interface {name} {(up ? "up" : "down")}", text);
    }

    /// <summary>Deletes the interface; false when it was already gone.</summary>
    public static bool Delete(NetlinkSocket socket, string name)
    {
        Span<byte> buffer = stackalloc byte[64];
        var request = new NetlinkMessageWriter(buffer, Interop.RTM_DELLINK, Interop.NLM_F_REQUEST | Interop.NLM_F_ACK);
        request.WriteHeader(new Interop.InterfaceInfoMessage());
        request.WriteAttribute(Interop.IFLA_IFNAME, name);
        int error = socket.Transact(request, null, out string? text);
        if ((Interop.Errno)error is Interop.Errno.ENODEV or Interop.Errno.ENOENT)
        {
            return false;
        }

        ThrowIfFailed(error, $"deleting VMAC interface {name}", text);
        return true;
    }

    /// <summary>
    /// IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_ADDR_GEN_MODE = NONE } }, as keepalived does: a generated fe80 address on
    /// the VMAC would make the backup's VMAC answer neighbour solicitations. Best effort: fails when IPv6 is off.
    /// </summary>
    private static void DisableIPv6AddressGeneration(NetlinkSocket socket, int index)
    {
        Span<byte> buffer = stackalloc byte[64];
        var request = new NetlinkMessageWriter(buffer, Interop.RTM_NEWLINK, Interop.NLM_F_REQUEST | Interop.NLM_F_ACK);
        request.WriteHeader(new Interop.InterfaceInfoMessage { Index = index });
        int spec = request.BeginNested(Interop.IFLA_AF_SPEC);
        int inet6 = request.BeginNested((ushort)Interop.AF_INET6);
        request.WriteAttribute(Interop.IFLA_INET6_ADDR_GEN_MODE, Interop.IN6_ADDR_GEN_MODE_NONE);
        request.EndNested(inet6);
        request.EndNested(spec);
        socket.Transact(request, null, out _);
    }

    private static string? TryParseKind(NetlinkMessage message)
    {
        if (message.Type != Interop.RTM_NEWLINK || message.Payload.Length < NetlinkRoute.InterfaceInfoLength)
        {
            return null;
        }

        RouteAttributeReader attributes = message.GetAttributes(NetlinkRoute.InterfaceInfoLength);
        while (attributes.TryRead(out ushort type, out ReadOnlySpan<byte> value))
        {
            if (type != Interop.IFLA_LINKINFO)
            {
                continue;
            }

            var info = new RouteAttributeReader(value);
            while (info.TryRead(out ushort infoType, out ReadOnlySpan<byte> infoValue))
            {
                if (infoType == Interop.IFLA_INFO_KIND)
                {
                    return RouteAttributeReader.ReadString(infoValue);
                }
            }
        }

        return string.Empty;
    }

    private static void ThrowIfFailed(int error, string operation, string? text)
    {
        if (error != 0)
        {
            throw NetlinkException.ForChange(operation, error, text);
        }
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;
using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// Writes one RTM_NEWADDR / RTM_DELADDR request for a virtual address: IFA_LOCAL and IFA_ADDRESS, and on add the
/// IPv4 label and broadcast, IFA_FLAGS (NODAD for IPv6) and, for a lease, the lifetime (IFA_CACHEINFO).
/// </summary>
internal static class AddressRequest
{
    /// <summary>Room for one request (at most about 80 bytes).</summary>
    public const int Length = 128;

    /// <summary>The scope an added address gets: its own (<see cref="VrrpVirtualAddress.Scope"/>), else <paramref name="fallback"/>.</summary>
    public static LinuxAddressScope ScopeOf(VrrpVirtualAddress address, LinuxAddressScope fallback) =>
        address.Scope is { } own ? (LinuxAddressScope)own : fallback;

    /// <summary>Writes the request into <paramref name="buffer"/> (at least <see cref="Length"/> bytes).</summary>
    public static NetlinkMessageWriter Write(Span<byte> buffer, ushort type, ushort flags, VrrpVirtualAddress address, int index, LinuxAddressScope scope, uint lifetimeSeconds)
    {
        bool v6 = address.Address.AddressFamily == AddressFamily.InterNetworkV6;
        Span<byte> bytes = stackalloc byte[16];
        address.Address.TryWriteBytes(bytes, out int length);
        uint addressFlags = v6 ? Interop.IFA_F_NODAD : 0;
        var request = new NetlinkMessageWriter(buffer, type, (ushort)(Interop.NLM_F_REQUEST | Interop.NLM_F_ACK | flags));
        request.WriteHeader(new Interop.InterfaceAddressMessage
        {
            Family = v6 ? (byte)Interop.AF_INET6 : (byte)Interop.AF_INET,
            PrefixLength = (byte)address.PrefixLength,
            Flags = (byte)addressFlags,
            Scope = (byte)scope,
            Index = index,
        });
        request.WriteAttribute(Interop.IFA_LOCAL, bytes[..length]);
        request.WriteAttribute(Interop.IFA_ADDRESS, bytes[..length]);
        if (type == Interop.RTM_NEWADDR)
        {
            if (!v6 && address.Label is { } label)
            {
                request.WriteAttribute(Interop.IFA_LABEL, label);
            }

            if (!v6 && address.Broadcast is { } broadcast)
            {
                Span<byte> broadcastBytes = stackalloc byte[4];
                broadcast.TryWriteBytes(broadcastBytes, out _);
                request.WriteAttribute(Interop.IFA_BROADCAST, broadcastBytes);
            }

            request.WriteAttribute(Interop.IFA_FLAGS, addressFlags);
            if (lifetimeSeconds > 0)
            {
                // struct ifa_cacheinfo: preferred and valid lifetime in seconds, then two timestamps the kernel ignores.
                Span<byte> cacheInfo = stackalloc byte[16];
                cacheInfo.Clear();
                BinaryPrimitives.WriteUInt32LittleEndian(cacheInfo, lifetimeSeconds);
                BinaryPrimitives.WriteUInt32LittleEndian(cacheInfo[4..], lifetimeSeconds);
                request.WriteAttribute(Interop.IFA_CACHEINFO, cacheInfo);
            }
        }

        return request;
    }
}

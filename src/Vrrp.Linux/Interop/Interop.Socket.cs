using System.Runtime.InteropServices;

namespace Vrrp.Linux;

internal static unsafe partial class Interop
{
    internal const int AF_INET = 2;
    internal const int AF_INET6 = 10;
    internal const int AF_NETLINK = 16;
    internal const int AF_PACKET = 17;

    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;

    internal const int SOL_SOCKET = 1;

    /// <summary>SO_TIMESTAMPNS (the "old" one, 64-bit time_t on 64-bit Linux); also its control message type, SCM_TIMESTAMPNS.</summary>
    internal const int SO_TIMESTAMPNS = 35;
    internal const int SO_RCVBUF = 8;
    internal const int SO_BINDTODEVICE = 25;
    internal const int SO_ATTACH_FILTER = 26;
    internal const int SO_RCVBUFFORCE = 33;

    internal const int IPPROTO_IP = 0;
    internal const int IP_TOS = 1;
    internal const int IP_TTL = 2;
    internal const int IP_TRANSPARENT = 19;
    internal const int IP_MULTICAST_IF = 32;
    internal const int IP_MULTICAST_TTL = 33;
    internal const int IP_MULTICAST_LOOP = 34;
    internal const int IP_ADD_MEMBERSHIP = 35;
    internal const int IP_DROP_MEMBERSHIP = 36;
    internal const int IP_MULTICAST_ALL = 49;

    internal const int IPPROTO_IPV6 = 41;
    internal const int IPV6_CHECKSUM = 7;
    internal const int IPV6_UNICAST_HOPS = 16;
    internal const int IPV6_MULTICAST_IF = 17;
    internal const int IPV6_MULTICAST_HOPS = 18;
    internal const int IPV6_MULTICAST_LOOP = 19;
    internal const int IPV6_ADD_MEMBERSHIP = 20;
    internal const int IPV6_DROP_MEMBERSHIP = 21;
    internal const int IPV6_MULTICAST_ALL = 29;
    internal const int IPV6_RECVPKTINFO = 49;
    internal const int IPV6_PKTINFO = 50;
    internal const int IPV6_RECVHOPLIMIT = 51;
    internal const int IPV6_HOPLIMIT = 52;
    internal const int IPV6_TRANSPARENT = 75;

    internal const int IPPROTO_VRRP = 112;

    internal const int CLONE_NEWNET = 0x40000000;

    [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Libraries.Libc, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(SafeHandle socket, void* address, int addressLength);

    [LibraryImport(Libraries.Libc, EntryPoint = "getsockname", SetLastError = true)]
    internal static partial int GetSockName(SafeHandle socket, void* address, int* addressLength);

    [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(SafeHandle socket, int level, int optionName, void* optionValue, int optionLength);

    [LibraryImport(Libraries.Libc, EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNs(SafeHandle namespaceFile, int namespaceType);

    /// <summary>struct ip_mreqn (linux/in.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IPv4MulticastRequest
    {
        public uint MulticastAddress;
        public uint InterfaceAddress;
        public int InterfaceIndex;
    }

    /// <summary>struct ipv6_mreq (linux/in6.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IPv6MulticastRequest
    {
        public fixed byte MulticastAddress[16];
        public int InterfaceIndex;
    }
}

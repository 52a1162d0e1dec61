using System.Runtime.InteropServices;

namespace Vrrp.Linux;

internal static partial class Interop
{
    internal const int NETLINK_ROUTE = 0;
    internal const int SOL_NETLINK = 270;
    internal const int NETLINK_CAP_ACK = 10;
    internal const int NETLINK_EXT_ACK = 11;

    // linux/rtnetlink.h multicast groups as bind() bit masks.
    internal const uint RTMGRP_LINK = 0x1;
    internal const uint RTMGRP_IPV4_IFADDR = 0x10;
    internal const uint RTMGRP_IPV6_IFADDR = 0x100;

    internal const ushort NLMSG_NOOP = 1;
    internal const ushort NLMSG_ERROR = 2;
    internal const ushort NLMSG_DONE = 3;
    internal const ushort NLMSG_OVERRUN = 4;

    internal const ushort NLM_F_REQUEST = 0x1;
    internal const ushort NLM_F_MULTI = 0x2;
    internal const ushort NLM_F_ACK = 0x4;
    internal const ushort NLM_F_ROOT = 0x100;
    internal const ushort NLM_F_MATCH = 0x200;
    internal const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    internal const ushort NLM_F_REPLACE = 0x100;
    internal const ushort NLM_F_EXCL = 0x200;
    internal const ushort NLM_F_CREATE = 0x400;

    // Flags of an NLMSG_ERROR message.
    internal const ushort NLM_F_CAPPED = 0x100;
    internal const ushort NLM_F_ACK_TLVS = 0x200;
    internal const ushort NLMSGERR_ATTR_MSG = 1;

    internal const ushort RTM_NEWLINK = 16;
    internal const ushort RTM_DELLINK = 17;
    internal const ushort RTM_GETLINK = 18;
    internal const ushort RTM_NEWADDR = 20;
    internal const ushort RTM_DELADDR = 21;
    internal const ushort RTM_GETADDR = 22;

    internal const ushort IFA_ADDRESS = 1;
    internal const ushort IFA_LOCAL = 2;
    internal const ushort IFA_LABEL = 3;
    internal const ushort IFA_BROADCAST = 4;
    internal const ushort IFA_CACHEINFO = 6;
    internal const ushort IFA_FLAGS = 8;
    internal const uint IFA_F_SECONDARY = 0x01;
    internal const uint IFA_F_NODAD = 0x02;

    internal const ushort IFLA_ADDRESS = 1;
    internal const ushort IFLA_IFNAME = 3;
    internal const ushort IFLA_MTU = 4;
    internal const ushort IFLA_LINK = 5;
    internal const ushort IFLA_LINKINFO = 18;
    internal const ushort IFLA_AF_SPEC = 26;
    internal const ushort IFLA_INFO_KIND = 1;
    internal const ushort IFLA_INFO_DATA = 2;
    internal const ushort IFLA_MACVLAN_MODE = 1;
    internal const uint MACVLAN_MODE_PRIVATE = 1;
    internal const uint MACVLAN_MODE_BRIDGE = 4;
    internal const ushort IFLA_INET6_ADDR_GEN_MODE = 8;
    internal const byte IN6_ADDR_GEN_MODE_NONE = 1;
    internal const ushort NLA_F_NESTED = 0x8000;

    internal const uint IFF_UP = 0x1;
    internal const uint IFF_RUNNING = 0x40;
    internal const uint IFF_LOWER_UP = 0x10000;

    /// <summary>struct sockaddr_nl (12 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NetlinkSocketAddress
    {
        public ushort Family;
        public ushort Padding;
        public uint PortId;
        public uint Groups;
    }

    /// <summary>struct nlmsghdr (16 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NetlinkMessageHeader
    {
        public uint Length;
        public ushort Type;
        public ushort Flags;
        public uint Sequence;
        public uint PortId;
    }

    /// <summary>struct ifaddrmsg (8 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct InterfaceAddressMessage
    {
        public byte Family;
        public byte PrefixLength;
        public byte Flags;
        public byte Scope;
        public int Index;
    }

    /// <summary>struct ifinfomsg (16 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct InterfaceInfoMessage
    {
        public byte Family;
        public byte Padding;
        public ushort Type;
        public int Index;
        public uint Flags;
        public uint Change;
    }

    /// <summary>struct rtattr (4 bytes), payload aligned to 4.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct RouteAttribute
    {
        public ushort Length;
        public ushort Type;
    }
}

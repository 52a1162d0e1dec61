using System.Net;

namespace Vrrp.Linux.Netlink;

/// <summary>One address of an interface as an RTM_NEWADDR message reports it.</summary>
internal sealed record InterfaceAddressEntry(int Index, IPAddress Address, int PrefixLength, uint Flags, byte Scope, string? Label)
{
    public bool IsSecondary => (Flags & Interop.IFA_F_SECONDARY) != 0;
}

using System.Net.NetworkInformation;

namespace Vrrp.Linux.Links;

/// <summary>A network interface as rtnetlink reports it.</summary>
/// <param name="Index">The interface index (changes when the interface is re-created).</param>
/// <param name="Name">The interface name.</param>
/// <param name="IsAdministrativelyUp">Whether IFF_UP is set.</param>
/// <param name="HasCarrier">Whether IFF_RUNNING is set (the link is operational).</param>
/// <param name="HardwareAddress">The MAC address, or <see langword="null"/> when the interface has none.</param>
/// <param name="Mtu">The MTU.</param>
public sealed record NetworkLinkInfo(int Index, string Name, bool IsAdministrativelyUp, bool HasCarrier, PhysicalAddress? HardwareAddress, int Mtu)
{
    /// <summary>Gets whether the interface can carry VRRP: administratively up and running, as keepalived requires.</summary>
    public bool IsUp => IsAdministrativelyUp && HasCarrier;
}

using System.Net;

namespace Vrrp.Linux.Links;

/// <summary>A change of an interface or of its addresses.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="InterfaceName">The interface name (track interfaces by name: the index changes when one is re-created).</param>
/// <param name="InterfaceIndex">The interface index.</param>
/// <param name="IsUp">Whether the interface is usable after the change (administratively up and running).</param>
/// <param name="Address">The address, for <see cref="LinkEventKind.AddressAdded"/> and <see cref="LinkEventKind.AddressRemoved"/>.</param>
/// <param name="PrefixLength">The prefix length of <paramref name="Address"/>.</param>
public sealed record LinkEvent(LinkEventKind Kind, string InterfaceName, int InterfaceIndex, bool IsUp, IPAddress? Address = null, int PrefixLength = 0);

using System.Net;
using System.Net.Sockets;
using Vrrp.Config.Options;
using Vrrp.Packets;

namespace Vrrp.Config.Validation;

/// <summary>
/// One <c>vrrp_instance</c> that <see cref="VrrpOptionsValidator"/> found no error in, with its addresses parsed
/// (once, strictly) and keepalived's derived values resolved: the address family, the VRRP version and the multicast
/// group. Hosting maps it onto the engine's settings without reading any text again.
/// </summary>
public sealed class ValidatedInstance
{
    internal ValidatedInstance(string name, VrrpInstanceOptions options)
    {
        Name = name;
        Options = options;
    }

    /// <summary>Gets the instance name.</summary>
    public string Name { get; }

    /// <summary>Gets the options the values below were validated from, for everything that needs no parsing.</summary>
    public VrrpInstanceOptions Options { get; }

    /// <summary>Gets the address family: that of the first advertised virtual address; IPv4 when there is none.</summary>
    public AddressFamily Family { get; internal init; } = AddressFamily.InterNetwork;

    /// <summary>Gets the VRRP version: the instance's, else the global one; always 3 for IPv6.</summary>
    public VrrpVersion Version { get; internal init; } = VrrpVersion.V2;

    /// <summary>Gets <c>unicast_src_ip</c> (else <c>mcast_src_ip</c>), or the family's any-address when neither is set.</summary>
    public IPAddress PrimaryAddress { get; internal init; } = IPAddress.Any;

    /// <summary>Gets <c>mcast_dst_ip</c>, else the global group of the family; <see langword="null"/> when that is the RFC group.</summary>
    public IPAddress? MulticastGroup { get; internal init; }

    /// <summary>Gets the <c>unicast_peer</c> addresses, in order.</summary>
    public IReadOnlyList<IPAddress> UnicastPeers { get; internal init; } = [];

    /// <summary>Gets the virtual addresses (<c>virtual_ipaddress</c>, then <c>virtual_ipaddress_excluded</c> marked excluded) with their options.</summary>
    public IReadOnlyList<VrrpVirtualAddress> VirtualAddresses { get; internal init; } = [];

    /// <summary>Gets the sync group the instance belongs to, or <see langword="null"/>.</summary>
    public string? SyncGroup { get; internal init; }
}

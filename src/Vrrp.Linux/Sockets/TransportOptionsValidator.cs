using System.Net;
using System.Net.Sockets;

namespace Vrrp.Linux.Sockets;

/// <summary>Checks <see cref="LinuxVrrpTransportOptions"/> before any socket is opened.</summary>
internal static class TransportOptionsValidator
{
    /// <summary>Throws when the options cannot work.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">An interface name, family, peer, group or source address is invalid.</exception>
    public static void Validate(LinuxVrrpTransportOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.InterfaceName, nameof(options));
        if (options.InterfaceName.Length > 15 || options.InterfaceName.Contains('/', StringComparison.Ordinal) || options.InterfaceName.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{options.InterfaceName}' is not a valid interface name (at most 15 characters, no '/' or spaces).", nameof(options));
        }

        if (options.SendInterfaceName is { } sendName && (sendName.Length is 0 or > 15 || sendName.Contains('/', StringComparison.Ordinal) || sendName.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException($"'{sendName}' is not a valid interface name to send on (at most 15 characters, no '/' or spaces).", nameof(options));
        }

        if (options.Family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"The address family must be IPv4 or IPv6; got {options.Family}.", nameof(options));
        }

        foreach (IPAddress peer in options.UnicastPeers)
        {
            if (peer.AddressFamily != options.Family)
            {
                throw new ArgumentException($"Unicast peer {peer} is not an {options.Family} address.", nameof(options));
            }
        }

        if (options.MulticastGroup is { } group && (group.AddressFamily != options.Family || !VrrpSocketSetup.IsMulticast(group)))
        {
            throw new ArgumentException($"Multicast group {group} is not an {options.Family} multicast address.", nameof(options));
        }

        if (options.SourceAddress is { } source && source.AddressFamily != options.Family)
        {
            throw new ArgumentException($"Source address {source} is not an {options.Family} address.", nameof(options));
        }
    }
}

using System.Net;

namespace Vrrp.Linux.Sockets;

/// <summary>A destination of the transport's advertisements, with its socket address built once.</summary>
internal readonly struct Destination(IPAddress address)
{
    public VrrpAddress Address { get; } = VrrpAddress.FromIPAddress(address);

    public SocketAddress SocketAddress { get; } = new IPEndPoint(address, 0).Serialize();
}

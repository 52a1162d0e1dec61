using System.Net.Sockets;

namespace Vrrp.Linux.Sockets;

/// <summary>
/// One raw send socket per (namespace, interface, family, source address), shared by every instance that sends from
/// it: bound to the device and the source address, TTL / hop limit 255 (<see cref="VrrpSocketSetup.ConfigureSend"/>).
/// Reference counted by <see cref="VrrpSocketRegistry"/>; sends from several threads at once are fine for the kernel.
/// </summary>
internal sealed class SharedSendSocket
{
    public SharedSendSocket(SendSocketKey key, Socket socket)
    {
        Key = key;
        Socket = socket;
    }

    public SendSocketKey Key { get; }

    public Socket Socket { get; }

    /// <summary>How many transports use it; changed under the registry's lock.</summary>
    public int References { get; set; }
}

namespace Vrrp.Consumer;

/// <summary>
/// A LAN in memory for hosts that run <c>AddVrrp()</c>: every node's adverts reach, at once and as encoded bytes, the
/// instances with the same VRID on the other connected nodes. Built on the public API only (IVrrpPlatform,
/// InProcessVrrpInstanceRunner, VrrpInstance.ReceiveAdvertisement), as an embedder's own platform would be.
/// </summary>
internal sealed class InMemoryLan
{
    private readonly List<InMemoryLanNode> _nodes = [];
    private readonly Lock _lock = new();

    public InMemoryLanNode AddNode(IPAddress address)
    {
        var node = new InMemoryLanNode(this, address);
        lock (_lock)
        {
            _nodes.Add(node);
        }

        return node;
    }

    internal void Deliver(InMemoryLanNode sender, byte vrid, ReadOnlySpan<byte> message, VrrpAddress destination)
    {
        InMemoryLanNode[] receivers;
        lock (_lock)
        {
            receivers = _nodes.FindAll(n => !ReferenceEquals(n, sender) && n.IsConnected).ToArray();
        }

        Span<byte> source = stackalloc byte[4];
        sender.Address.TryWriteBytes(source, out _);
        Span<byte> group = stackalloc byte[16];
        int groupLength = destination.WriteBytes(group);
        var ip = VrrpIpContext.IPv4(source, group[..groupLength], VrrpPacketReader.RequiredTtl);
        foreach (InMemoryLanNode receiver in receivers)
        {
            receiver.Receive(vrid, message, ip);
        }
    }
}

using System.Net.Sockets;
using Vrrp.Instances;
using Vrrp.Packets;

namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>
/// A LAN in memory for VRRP instances of one VRID: what one sends, every other one on the same side receives. <see cref="Split"/>
/// puts every node on a side of its own, as a partition would.
/// </summary>
internal sealed class MemoryLan
{
    private readonly Lock _lock = new();
    private readonly List<(IPAddress Address, VrrpInstance Instance)> _nodes = [];
    private volatile bool _split;

    public bool Split
    {
        get => _split;
        set => _split = value;
    }

    public IVrrpTransport TransportFor(IPAddress address) => new Transport(this, address);

    public void Attach(IPAddress address, VrrpInstance instance)
    {
        lock (_lock)
        {
            _nodes.Add((address, instance));
        }
    }

    private void Deliver(IPAddress from, ReadOnlySpan<byte> message, VrrpAddress destination)
    {
        if (_split)
        {
            return;
        }

        List<VrrpInstance> receivers = [];
        lock (_lock)
        {
            receivers.AddRange(_nodes.Where(node => !node.Address.Equals(from)).Select(node => node.Instance));
        }

        Span<byte> source = stackalloc byte[4];
        from.TryWriteBytes(source, out _);
        Span<byte> group = stackalloc byte[16];
        int groupLength = destination.WriteBytes(group);
        foreach (VrrpInstance receiver in receivers)
        {
            receiver.ReceiveAdvertisement(message, new VrrpIpContext(AddressFamily.InterNetwork, source, group[..groupLength], VrrpPacketReader.RequiredTtl));
        }
    }

    private sealed class Transport(MemoryLan lan, IPAddress address) : IVrrpTransport
    {
        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
        {
            lan.Deliver(address, message.Span, destination);
            return ValueTask.CompletedTask;
        }
    }
}

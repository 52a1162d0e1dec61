using System.Net;
using System.Threading.Channels;

namespace Vrrp.Linux.Links;

/// <summary>One runner's view of the <see cref="SharedLinkMonitor"/>: the link table and the changes of its interface.</summary>
internal sealed class LinkSubscription : IDisposable
{
    private readonly SharedLinkMonitor _monitor;
    private readonly Func<IPAddress, bool> _isVirtualAddress;
    private readonly Channel<LinkEvent> _events = Channel.CreateUnbounded<LinkEvent>(new UnboundedChannelOptions { SingleReader = true });

    public LinkSubscription(SharedLinkMonitor monitor, string interfaceName, Func<IPAddress, bool> isVirtualAddress)
    {
        _monitor = monitor;
        InterfaceName = interfaceName;
        _isVirtualAddress = isVirtualAddress;
    }

    public string InterfaceName { get; }

    public NetworkLinkInfo? FindLink(string name) => _monitor.FindLink(name);

    public ValueTask<LinkEvent> ReadEventAsync(CancellationToken cancellationToken = default) => _events.Reader.ReadAsync(cancellationToken);

    /// <summary>Whether the address is this subscriber's virtual address.</summary>
    public bool IsVirtualAddress(IPAddress address) => _isVirtualAddress(address);

    /// <summary>Whether the address is a virtual address of any instance on this interface: never a source address.</summary>
    public bool IsAnyVirtualAddress(IPAddress address) => _monitor.IsVirtualAddress(InterfaceName, address);

    public void Post(LinkEvent change) => _events.Writer.TryWrite(change);

    public void Dispose()
    {
        _events.Writer.TryComplete();
        _monitor.Release(this);
    }
}

using Microsoft.Extensions.Logging;
using Vrrp.Hosting.Platform;

namespace Vrrp.Consumer;

/// <summary>
/// One host on an <see cref="InMemoryLan"/>: the <see cref="IVrrpPlatform"/> given to <c>UsePlatform</c> (runners
/// over this node as transport and a <see cref="RecordingVipBinder"/>), with a cable that can be pulled.
/// </summary>
internal sealed class InMemoryLanNode(InMemoryLan lan, IPAddress address) : IVrrpPlatform, IVrrpTransport
{
    private readonly List<VrrpInstance> _instances = [];
    private readonly Lock _lock = new();
    private volatile bool _connected = true;

    public IPAddress Address { get; } = address;

    public RecordingVipBinder Binder { get; } = new();

    public bool IsConnected => _connected;

    /// <summary>Pulls (false) or plugs (true) the cable: a disconnected node neither sends nor hears adverts.</summary>
    public void Connect(bool connected) => _connected = connected;

    public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, ILogger logger)
    {
        var runner = new InProcessVrrpInstanceRunner(settings with { PrimaryAddress = Address }, this, Binder);
        lock (_lock)
        {
            _instances.Add(runner.Instance!);
        }

        return runner;
    }

    public async Task WatchInterfacesAsync(IReadOnlyCollection<string> interfaceNames, Action<string, bool> report, CancellationToken cancellationToken)
    {
        foreach (string name in interfaceNames)
        {
            report(name, true);
        }

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
    {
        if (_connected)
        {
            lan.Deliver(this, instance.VirtualRouterId, message.Span, destination);
        }

        return ValueTask.CompletedTask;
    }

    internal void Receive(byte vrid, ReadOnlySpan<byte> message, in VrrpIpContext ip)
    {
        VrrpInstance[] instances;
        lock (_lock)
        {
            instances = _instances.FindAll(i => i.Settings.VirtualRouterId == vrid).ToArray();
        }

        foreach (VrrpInstance instance in instances)
        {
            instance.ReceiveAdvertisement(message, ip);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vrrp.Linux.Netlink;
using Vrrp.Linux.Sockets;

namespace Vrrp.Linux.Links;

/// <summary>
/// One rtnetlink subscription per network namespace for every instance runner of the process, its events fanned out
/// to each runner's <see cref="LinkSubscription"/> by interface name. A monitor per instance made the kernel copy
/// every link and address event to each of them, and a master renewing a thousand VIP leases causes over a thousand
/// address events a second. Address events for a virtual address of any instance on the interface reach nobody:
/// a VIP is never a source address, and its owner does not need to hear of its own changes. The address adds and
/// lease renewals of the process's binders (through the namespace's <see cref="SharedNetlinkSocket"/>) do not even
/// reach the socket: a filter in the kernel drops them, so a thousand renewals a second wake nobody. Reference
/// counted: the first subscriber opens it, the last closes it.
/// </summary>
internal sealed class SharedLinkMonitor
{
    private static readonly TimeSpan s_errorPause = TimeSpan.FromMilliseconds(100);
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, SharedLinkMonitor> s_monitors = new(StringComparer.Ordinal);
    private readonly string _namespace;
    private readonly LinuxLinkMonitor _monitor;
    private readonly SharedNetlinkSocket _requests;
    private volatile bool _stopped;
    private LinkSubscription[] _subscriptions = [];
    private int _references;

    private SharedLinkMonitor(string space, LinuxLinkMonitor monitor, SharedNetlinkSocket requests)
    {
        _namespace = space;
        _monitor = monitor;
        _requests = requests;
    }

    /// <summary>Subscribes to the changes of one interface, opening the namespace's monitor on the calling thread if needed.</summary>
    /// <param name="interfaceName">The interface whose changes are reported.</param>
    /// <param name="isVirtualAddress">Whether an address is one of the subscriber's virtual addresses now.</param>
    /// <param name="logger">Logs event queue overflows.</param>
    public static LinkSubscription Subscribe(string interfaceName, Func<IPAddress, bool> isVirtualAddress, ILogger logger)
    {
        string space = NetworkNamespaceId.Current();
        lock (s_lock)
        {
            if (!s_monitors.TryGetValue(space, out SharedLinkMonitor? shared))
            {
                shared = Open(space, logger);
                s_monitors[space] = shared;
                _ = Task.Run(shared.RunAsync);
            }

            var subscription = new LinkSubscription(shared, interfaceName, isVirtualAddress);
            shared._references++;
            Volatile.Write(ref shared._subscriptions, [.. shared._subscriptions, subscription]);
            return subscription;
        }
    }

    private static SharedLinkMonitor Open(string space, ILogger logger)
    {
        LinuxLinkMonitor monitor = LinuxLinkMonitor.Open(null, logger);
        SharedNetlinkSocket? requests = null;
        try
        {
            requests = SharedNetlinkSocket.Acquire();
            monitor.IgnoreAddressesAddedBy(requests.PortId);
            return new SharedLinkMonitor(space, monitor, requests);
        }
        catch
        {
            requests?.Release();
            monitor.Dispose();
            throw;
        }
    }

    /// <summary>Finds an interface by name among those last seen.</summary>
    public NetworkLinkInfo? FindLink(string name) => _monitor.FindLink(name);

    /// <summary>Whether an address is a virtual address of any subscriber on the interface.</summary>
    public bool IsVirtualAddress(string interfaceName, IPAddress address)
    {
        foreach (LinkSubscription subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.InterfaceName == interfaceName && subscription.IsVirtualAddress(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Ends a subscription; the last one closes the monitor.</summary>
    public void Release(LinkSubscription subscription)
    {
        lock (s_lock)
        {
            Volatile.Write(ref _subscriptions, [.. _subscriptions.Where(s => s != subscription)]);
            if (--_references == 0)
            {
                s_monitors.Remove(_namespace);
                _stopped = true;
                _monitor.Dispose();
                _requests.Release();
            }
        }
    }

    private async Task RunAsync()
    {
        while (!_stopped)
        {
            LinkEvent change;
            try
            {
                // Disposing the monitor ends a pending read with an exception.
                change = await _monitor.ReadEventAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stopped)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                // Not ours to end: every runner of the namespace would stop hearing of its interface. Try again shortly.
                await Task.Delay(s_errorPause).ConfigureAwait(false);
                continue;
            }

            Dispatch(change);
        }
    }

    private void Dispatch(LinkEvent change)
    {
        if (change.Kind is LinkEventKind.AddressAdded or LinkEventKind.AddressRemoved && change.Address is { } address && IsVirtualAddress(change.InterfaceName, address))
        {
            return;
        }

        foreach (LinkSubscription subscription in Volatile.Read(ref _subscriptions))
        {
            if (change.Kind == LinkEventKind.Resynchronized || subscription.InterfaceName == change.InterfaceName)
            {
                subscription.Post(change);
            }
        }
    }
}

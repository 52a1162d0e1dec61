using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrrp.Linux.Diagnostics;
using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Links;

/// <summary>
/// Follows interfaces and their addresses through rtnetlink events (RTMGRP_LINK, RTMGRP_IPV4_IFADDR,
/// RTMGRP_IPV6_IFADDR) and reports changes by interface name: a tracked interface going down (or losing carrier),
/// coming back, appearing late or being re-created with a new index. Needs no capability.
/// </summary>
public sealed class LinuxLinkMonitor : IDisposable
{
    private const int EventBufferBytes = 1024 * 1024;
    private readonly NetlinkSocket _events;
    private readonly NetlinkSocket _requests;
    private readonly HashSet<string>? _tracked;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, NetworkLinkInfo> _links = [];
    private readonly Queue<LinkEvent> _pending = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    private LinuxLinkMonitor(NetlinkSocket events, NetlinkSocket requests, IEnumerable<string>? trackedInterfaces, ILogger logger)
    {
        _events = events;
        _requests = requests;
        _tracked = trackedInterfaces is null ? null : new HashSet<string>(trackedInterfaces, StringComparer.Ordinal);
        _logger = logger;
    }

    /// <summary>Gets the interfaces as last seen.</summary>
    public IReadOnlyList<NetworkLinkInfo> Links
    {
        get
        {
            lock (_lock)
            {
                return [.. _links.Values.OrderBy(link => link.Index)];
            }
        }
    }

    /// <summary>
    /// Subscribes to the events, then reads the current interfaces (in that order, so no change falls in between).
    /// Must run in the network namespace of the interfaces.
    /// </summary>
    /// <param name="trackedInterfaces">The interface names to report, or <see langword="null"/> for all.</param>
    /// <param name="logger">Logs event queue overflows, or <see langword="null"/>.</param>
    /// <returns>The monitor.</returns>
    public static LinuxLinkMonitor Open(IEnumerable<string>? trackedInterfaces = null, ILogger? logger = null)
    {
        NetlinkSocket events = NetlinkSocket.Open(Interop.RTMGRP_LINK | Interop.RTMGRP_IPV4_IFADDR | Interop.RTMGRP_IPV6_IFADDR, EventBufferBytes);
        NetlinkSocket? requests = null;
        try
        {
            requests = NetlinkSocket.Open();
            var monitor = new LinuxLinkMonitor(events, requests, trackedInterfaces, logger ?? NullLogger.Instance);
            monitor.Resynchronize(report: false);
            return monitor;
        }
        catch
        {
            events.Dispose();
            requests?.Dispose();
            throw;
        }
    }

    /// <summary>Finds an interface by name among those last seen.</summary>
    /// <param name="name">The interface name.</param>
    /// <returns>The interface, or <see langword="null"/> when there is none of that name (yet).</returns>
    public NetworkLinkInfo? FindLink(string name)
    {
        lock (_lock)
        {
            return _links.Values.FirstOrDefault(link => link.Name == name);
        }
    }

    /// <summary>Waits for the next change of a tracked interface.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The change.</returns>
    public async ValueTask<LinkEvent> ReadEventAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_pending.TryDequeue(out LinkEvent? next))
                {
                    return next;
                }
            }

            int received;
            try
            {
                received = await _events.Socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                // ENOBUFS: the kernel dropped events because we were slow. Only a fresh dump tells what changed.
                _logger.LinkMonitorOverflow();
                Resynchronize(report: true);
                continue;
            }

            Process(received);
        }
    }

    /// <summary>Leaves out, in the kernel, the RTM_NEWADDR events of the changes requested through the socket of <paramref name="portId"/>.</summary>
    internal void IgnoreAddressesAddedBy(uint portId) => _events.IgnoreAddressesAddedBy(portId);

    /// <summary>Closes the sockets; a pending <see cref="ReadEventAsync"/> ends with an exception.</summary>
    public void Dispose()
    {
        _events.Dispose();
        _requests.Dispose();
    }

    private void Process(int received)
    {
        LinuxTakeoverEventSource.Log.LinkEventsStart(received);
        var reader = new NetlinkMessageReader(_buffer.AsSpan(0, received));
        lock (_lock)
        {
            int pendingBefore = _pending.Count;
            while (reader.TryRead(out NetlinkMessage message))
            {
                switch (message.Type)
                {
                    case Interop.RTM_NEWLINK when NetlinkRoute.TryParseLink(message) is { } link:
                        Update(link);
                        break;
                    case Interop.RTM_DELLINK when NetlinkRoute.TryParseLink(message) is { } link:
                        if (_links.Remove(link.Index, out NetworkLinkInfo? gone))
                        {
                            Report(new LinkEvent(LinkEventKind.Removed, gone.Name, gone.Index, false));
                        }

                        break;
                    case Interop.RTM_NEWADDR or Interop.RTM_DELADDR when NetlinkRoute.TryParseAddress(message) is { } address:
                        string name = _links.TryGetValue(address.Index, out NetworkLinkInfo? owner) ? owner.Name : string.Empty;
                        LinkEventKind kind = message.Type == Interop.RTM_NEWADDR ? LinkEventKind.AddressAdded : LinkEventKind.AddressRemoved;
                        Report(new LinkEvent(kind, name, address.Index, owner?.IsUp ?? false, address.Address, address.PrefixLength));
                        break;
                }
            }

            LinuxTakeoverEventSource.Log.LinkEventsEnd(_pending.Count - pendingBefore);
        }
    }

    private void Update(NetworkLinkInfo link)
    {
        if (!_links.TryGetValue(link.Index, out NetworkLinkInfo? old))
        {
            // A stale entry of the same name (its deletion was lost) is replaced: the name now means this index.
            foreach (NetworkLinkInfo stale in _links.Values.Where(l => l.Name == link.Name).ToList())
            {
                _links.Remove(stale.Index);
                Report(new LinkEvent(LinkEventKind.Removed, stale.Name, stale.Index, false));
            }

            _links[link.Index] = link;
            Report(new LinkEvent(LinkEventKind.Added, link.Name, link.Index, link.IsUp));
            return;
        }

        _links[link.Index] = link;
        if (old.Name != link.Name)
        {
            Report(new LinkEvent(LinkEventKind.Removed, old.Name, old.Index, false));
            Report(new LinkEvent(LinkEventKind.Added, link.Name, link.Index, link.IsUp));
        }
        else if (old.IsUp != link.IsUp)
        {
            Report(new LinkEvent(link.IsUp ? LinkEventKind.Up : LinkEventKind.Down, link.Name, link.Index, link.IsUp));
        }
    }

    private void Resynchronize(bool report)
    {
        List<NetworkLinkInfo> current;
        try
        {
            current = NetlinkRoute.GetLinks(_requests);
        }
        catch (IOException) when (report)
        {
            return;
        }

        lock (_lock)
        {
            if (!report)
            {
                foreach (NetworkLinkInfo link in current)
                {
                    _links[link.Index] = link;
                }

                return;
            }

            var seen = new HashSet<int>(current.Select(link => link.Index));
            foreach (NetworkLinkInfo gone in _links.Values.Where(link => !seen.Contains(link.Index)).ToList())
            {
                _links.Remove(gone.Index);
                Report(new LinkEvent(LinkEventKind.Removed, gone.Name, gone.Index, false));
            }

            foreach (NetworkLinkInfo link in current)
            {
                Update(link);
            }

            _pending.Enqueue(new LinkEvent(LinkEventKind.Resynchronized, string.Empty, 0, false));
        }
    }

    private void Report(LinkEvent change)
    {
        if (_tracked is null || _tracked.Contains(change.InterfaceName))
        {
            _pending.Enqueue(change);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Vrrp.Instances;
using Vrrp.Packets;

namespace Vrrp.Linux.Sockets;

/// <summary>
/// One raw receive socket per (namespace, interface, family), shared by every instance on that interface: it joins
/// each multicast group once (reference counted), the process's one receive thread (<see cref="ReceiveEventLoop"/>) reads each datagram once, decodes it once
/// (<see cref="VrrpDatagramReceiver"/>) and hands it to the transports subscribed for its VRID. Every raw IP-protocol
/// 112 socket gets a copy of every VRRP packet of its interface, so a socket per instance made N copies of each packet
/// (and the kernel walked N sockets per packet); here there is one. Adverts for a VRID nobody here runs are counted
/// once, in <see cref="Counters"/>. Allocates nothing per packet.
/// </summary>
internal sealed class SharedReceiveSocket : IDisposable
{
    // Four seconds of 250 instances at 100 ms adverts (about 1 KiB of kernel memory each) before the kernel drops any.
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;
    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly string _interfaceName;
    private readonly int _interfaceIndex;
    private readonly AddressFamily _family;

    // By VRID; index 0 holds the transports that take every VRID. Copy on write under _lock, read without it.
    private readonly LinuxVrrpTransport[]?[] _byVrid = new LinuxVrrpTransport[]?[256];
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _groups = [];
    private readonly VrrpCounterSet _counters = new();
    private ReceiveEventLoop? _loop;
    private int _slot;
    private volatile bool _stopped;

    private SharedReceiveSocket(ReceiveSocketKey key, string interfaceName, Socket socket)
    {
        Key = key;
        _interfaceName = interfaceName;
        _interfaceIndex = key.InterfaceIndex;
        _family = key.Family;
        _socket = socket;
        _handle = socket.SafeHandle;
    }

    public ReceiveSocketKey Key { get; }

    /// <summary>How many transports use it; changed under the registry's lock.</summary>
    public int References { get; set; }

    /// <summary>Gets the socket's own counters: adverts for a VRID no transport here takes, malformed datagrams nobody was there to count.</summary>
    public VrrpCounterSet Counters => _counters;

    /// <summary>Opens the socket on the calling thread's namespace and starts its receive loop.</summary>
    public static SharedReceiveSocket Open(ReceiveSocketKey key, string interfaceName)
    {
        bool v6 = key.Family == AddressFamily.InterNetworkV6;
        Socket socket = LinuxSocket.Create(v6 ? Interop.AF_INET6 : Interop.AF_INET, Interop.SOCK_RAW, Interop.IPPROTO_VRRP, $"opening the VRRP socket on {interfaceName}", "CAP_NET_RAW");
        try
        {
            VrrpSocketSetup.ConfigureReceive(socket, interfaceName, key.InterfaceIndex, v6, joinGroup: null);
            VrrpSocketSetup.TryEnlargeReceiveBuffer(socket, ReceiveBufferBytes);

        }
        catch
        {
            socket.Dispose();
            throw;
        }

        // Read by the process's one receive thread (ReceiveEventLoop), as keepalived's one loop does: a datagram reaches
        // its instance on that thread, with no thread-pool hand-off (whose spinning cost more than the rest).
        var shared = new SharedReceiveSocket(key, interfaceName, socket);
        try
        {
            shared._loop = ReceiveEventLoop.Add(shared, shared._handle, out shared._slot);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return shared;
    }

    /// <summary>Joins a group, once however many transports ask; called under the registry's lock.</summary>
    public void AddGroup(IPAddress group)
    {
        _groups.TryGetValue(group, out int count);
        if (count == 0)
        {
            VrrpSocketSetup.SetMembership(_socket, _interfaceName, _interfaceIndex, group, join: true);
        }

        _groups[group] = count + 1;
    }

    /// <summary>Leaves a group when its last transport goes; called under the registry's lock.</summary>
    public void RemoveGroup(IPAddress group)
    {
        if (!_groups.TryGetValue(group, out int count))
        {
            return;
        }

        if (count > 1)
        {
            _groups[group] = count - 1;
            return;
        }

        _groups.Remove(group);
        try
        {
            VrrpSocketSetup.SetMembership(_socket, _interfaceName, _interfaceIndex, group, join: false);
        }
        catch (IOException)
        {
            // The interface is gone, and the membership with it.
        }
    }

    /// <summary>Starts handing the adverts of <paramref name="virtualRouterId"/> (0: every VRID) to the transport.</summary>
    public void Subscribe(LinuxVrrpTransport transport, byte virtualRouterId)
    {
        lock (_lock)
        {
            LinuxVrrpTransport[] current = _byVrid[virtualRouterId] ?? [];
            Volatile.Write(ref _byVrid[virtualRouterId], [.. current, transport]);
        }
    }

    /// <summary>Stops handing adverts to the transport; a datagram being dispatched may still reach it.</summary>
    public void Unsubscribe(LinuxVrrpTransport transport, byte virtualRouterId)
    {
        lock (_lock)
        {
            LinuxVrrpTransport[]? current = _byVrid[virtualRouterId];
            if (current is null)
            {
                return;
            }

            LinuxVrrpTransport[] remaining = [.. current.Where(t => t != transport)];
            Volatile.Write(ref _byVrid[virtualRouterId], remaining.Length == 0 ? null : remaining);
        }
    }

    /// <summary>Whether the transport gets adverts now (for tests).</summary>
    public bool IsSubscribed(LinuxVrrpTransport transport) => _byVrid.Any(transports => transports?.Contains(transport) == true);

    /// <summary>Takes the socket out of the receive loop and closes it; called by the registry when the last transport went.</summary>
    public void Dispose()
    {
        _stopped = true;
        _loop?.Remove(_handle, _slot);

        // The handle closes once a read under way on the loop's thread returned (SafeHandle reference counting).
        _socket.Dispose();
    }

    /// <summary>Reads, decodes and dispatches the datagrams waiting, at most <paramref name="limit"/>; on the loop's thread.</summary>
    public void Drain(byte[] buffer, int limit)
    {
        for (int i = 0; i < limit && !_stopped; i++)
        {
            try
            {
                if (!ReceiveOne(buffer))
                {
                    return;
                }
            }
            catch (Exception) when (_stopped)
            {
                return;
            }
            catch (IOException)
            {
                // Not ours to end: the transports on this interface would all go deaf. The loop comes back to it.
                return;
            }
        }
    }

    /// <summary>Reads one waiting datagram, decodes and dispatches it; false when none was waiting.</summary>
    private bool ReceiveOne(byte[] buffer)
    {
        LinuxReceiveStatus status = VrrpDatagramReceiver.TryReceive(_handle, _family, _interfaceName, buffer, out VrrpReceivedAdvertisement advertisement, out VrrpPacketError error, wait: false);
        if (_stopped)
        {
            return false;
        }

        switch (status)
        {
            case LinuxReceiveStatus.WouldBlock:
                return false;
            case LinuxReceiveStatus.Dropped:
                // Rare, and maybe for any VRID: every transport here counts it, as each did with its own socket.
                bool counted = false;
                foreach (LinuxVrrpTransport[]? transports in _byVrid)
                {
                    foreach (LinuxVrrpTransport transport in transports ?? [])
                    {
                        counted |= transport.DeliverMalformed(error);
                    }
                }

                if (!counted)
                {
                    _counters.CountMalformed(error);
                }

                return true;
        }

        LinuxVrrpTransport[]? forVrid = Volatile.Read(ref _byVrid[advertisement.Advertisement.VirtualRouterId]);
        LinuxVrrpTransport[]? forAll = Volatile.Read(ref _byVrid[0]);
        if (forVrid is null && forAll is null)
        {
            _counters.CountDropped(VrrpDropReason.VirtualRouterIdMismatch);
            return true;
        }

        ReadOnlySpan<byte> bytes = buffer;
        foreach (LinuxVrrpTransport transport in forVrid ?? [])
        {
            transport.Deliver(advertisement, bytes);
        }

        foreach (LinuxVrrpTransport transport in forAll ?? [])
        {
            transport.Deliver(advertisement, bytes);
        }

        return true;
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;
using Vrrp.Linux.Diagnostics;
using Vrrp.Linux.Links;
using Vrrp.Linux.Netlink;
using Vrrp.Platform;

namespace Vrrp.Linux.Announcements;

/// <summary>
/// Announces virtual addresses on one interface through an AF_PACKET socket: a gratuitous ARP per IPv4 address and
/// an unsolicited Neighbor Advertisement per IPv6 address, from the interface's MAC (or a virtual MAC). On becoming
/// master, <see cref="Start"/> runs keepalived's schedule: <c>garp_master_repeat</c> announcements at once, as many
/// again after <c>garp_master_delay</c>, then <c>garp_master_refresh_repeat</c> every <c>garp_master_refresh</c>.
/// Time comes from a <see cref="TimeProvider"/>.
/// </summary>
public sealed class LinuxAddressAnnouncer : IDisposable
{
    private readonly Socket _socket;
    private readonly LinuxAnnouncementOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SharedNetlinkSocket _netlink;
    private readonly SafeFileHandle? _forwarding;
    private byte[] _mac;
    private SocketAddress _arpDestination;
    private SocketAddress _ipv6Destination;
    private readonly byte[] _frame = new byte[AnnouncementFrames.NeighborAdvertisementLength];
    private readonly Lock _lock = new();
    private readonly Lock _sendLock = new();
    private CancellationTokenSource? _schedule;
    private long _sent;
    private long _errors;
    private volatile bool _routerFlag;
    private bool _released;
    private bool _rehearsal;

    private LinuxAddressAnnouncer(string interfaceName, int index, byte[] mac, Socket socket, SharedNetlinkSocket netlink, SafeFileHandle? forwarding, LinuxAnnouncementOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _forwarding = forwarding;
        InterfaceName = interfaceName;
        InterfaceIndex = index;
        _mac = mac;
        _netlink = netlink;
        _socket = socket;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _arpDestination = LinkLayerAddress(index, AnnouncementFrames.EtherTypeArp, AnnouncementFrames.BroadcastMac);
        _ipv6Destination = LinkLayerAddress(index, AnnouncementFrames.EtherTypeIPv6, AnnouncementFrames.AllNodesMac);
    }

    /// <summary>Gets the interface name.</summary>
    public string InterfaceName { get; }

    /// <summary>Gets the interface index announcements go out on; looked up again when a send fails, so a re-created interface is followed.</summary>
    public int InterfaceIndex { get; private set; }

    /// <summary>Gets the source MAC address of the announcements.</summary>
    public PhysicalAddress SourceMacAddress => new(_mac);

    /// <summary>Gets the number of frames sent.</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Gets the number of frames that could not be sent (for example while the link is down).</summary>
    public long SendErrorCount => Interlocked.Read(ref _errors);

    /// <summary>Gets the running schedule, completed when none runs (tests await it).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Opens the AF_PACKET socket. Must run in the network namespace of the interface.</summary>
    /// <param name="interfaceName">The interface.</param>
    /// <param name="options">The schedule, or <see langword="null"/> for keepalived's defaults.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Logs send failures, or <see langword="null"/>.</param>
    /// <returns>The announcer.</returns>
    /// <exception cref="MissingCapabilityException">The process lacks CAP_NET_RAW.</exception>
    /// <exception cref="IOException">The interface does not exist or has no MAC address.</exception>
    public static LinuxAddressAnnouncer Open(string interfaceName, LinuxAnnouncementOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        options ??= new LinuxAnnouncementOptions();
        options.Validate();
        // The namespace's shared request socket (SharedNetlinkSocket): a socket per announcer was 1,000 at 1,000 instances.
        SharedNetlinkSocket netlink = SharedNetlinkSocket.Acquire();
        try
        {
            NetworkLinkInfo link = NetlinkRoute.GetLink(netlink.Socket, interfaceName) ?? throw new IOException($"interface {interfaceName} does not exist");
            byte[] mac = options.SourceMacAddress?.GetAddressBytes() ?? link.HardwareAddress?.GetAddressBytes() ?? [];
            if (mac.Length != 6)
            {
                throw new IOException($"interface {interfaceName} has no Ethernet address to announce virtual addresses from");
            }

            Socket socket;
            try
            {
                // Protocol 0: this socket only sends, so the kernel never queues received frames on it.
                socket = new Socket(AddressFamily.Packet, SocketType.Raw, ProtocolType.Unspecified);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
            {
                throw new MissingCapabilityException($"sending gratuitous ARP on {interfaceName}", "CAP_NET_RAW", ex);
            }

            return new LinuxAddressAnnouncer(interfaceName, link.Index, mac, socket, netlink, OpenForwardingSysctl(interfaceName, options), options, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance);
        }
        catch
        {
            netlink.Release();
            throw;
        }
    }

    /// <summary>
    /// Opens a rehearsal's announcer (<see cref="Addresses.TakeoverRehearsal"/>): its schedule runs and builds every
    /// frame, and stops short of the wire (nothing is sent or counted).
    /// </summary>
    internal static LinuxAddressAnnouncer OpenForRehearsal(string interfaceName, LinuxAnnouncementOptions? options, TimeProvider? timeProvider)
    {
        LinuxAddressAnnouncer announcer = Open(interfaceName, options, timeProvider);
        announcer._rehearsal = true;
        return announcer;
    }

    /// <summary>Sends one announcement for each address now.</summary>
    /// <param name="addresses">IPv4 and IPv6 addresses.</param>
    /// <returns>The number of frames sent.</returns>
    public int SendOnce(IReadOnlyList<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        RefreshRouterFlag();
        int sent = 0;
        foreach (IPAddress address in addresses)
        {
            sent += Send(address) ? 1 : 0;
        }

        return sent;
    }

    /// <summary>
    /// Starts the becoming-master schedule for <paramref name="addresses"/>, replacing any running one. The first
    /// burst is sent before this method returns when <see cref="VrrpAnnouncementSettings.Interval"/> is zero.
    /// </summary>
    /// <param name="addresses">IPv4 and IPv6 addresses.</param>
    public void Start(IReadOnlyList<IPAddress> addresses) => StartSchedule(addresses, lowerPriority: false);

    /// <summary>
    /// Starts the schedule for a master that heard a lower-priority advertisement (keepalived's
    /// <c>garp_lower_prio_repeat</c> and <c>garp_lower_prio_delay</c>: <see cref="VrrpAnnouncementSettings.LowerPriorityRepeat"/>,
    /// <see cref="VrrpAnnouncementSettings.LowerPriorityDelay"/>), replacing any running one; refreshes follow.
    /// </summary>
    /// <param name="addresses">IPv4 and IPv6 addresses.</param>
    public void StartAfterLowerPriority(IReadOnlyList<IPAddress> addresses) => StartSchedule(addresses, lowerPriority: true);

    /// <summary>
    /// Starts the becoming-master schedule for addresses a running master just added (a reload), replacing any running
    /// one: the bursts cover only <paramref name="added"/>, the refreshes that follow every address in <paramref name="all"/>.
    /// </summary>
    /// <param name="added">The new addresses.</param>
    /// <param name="all">Every address of the instance on this device, the new ones included.</param>
    internal void StartAdded(IReadOnlyList<IPAddress> added, IReadOnlyList<IPAddress> all) => StartSchedule(added, lowerPriority: false, all);

    private void StartSchedule(IReadOnlyList<IPAddress> addresses, bool lowerPriority, IReadOnlyList<IPAddress>? refreshed = null)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        IPAddress[] copy = [.. addresses];
        IPAddress[] refresh = refreshed is null ? copy : [.. refreshed];

        // No RTM_GETLINK here, on the takeover path: the interface is looked up again only when a send fails
        // (a re-created interface has a new index, and sending on the old one fails with ENXIO).
        RefreshRouterFlag();
        var schedule = new CancellationTokenSource();
        lock (_lock)
        {
            _schedule?.Cancel();
            _schedule?.Dispose();
            _schedule = schedule;
            Completion = lowerPriority
                ? RunAsync(copy, refresh, _options.Schedule.LowerPriorityRepeat ?? _options.Schedule.Repeat, _options.Schedule.LowerPriorityDelay ?? _options.Schedule.Delay, schedule.Token)
                : RunAsync(copy, refresh, _options.Schedule.Repeat, _options.Schedule.Delay, schedule.Token);
        }
    }

    /// <summary>
    /// Starts and stops a schedule with no addresses and sends an empty frame the kernel refuses: the async machinery
    /// of the schedule (builders, state machine boxes, the delay) and the send path are then compiled and initialised
    /// at start-up, not between the first advertisement and the first gratuitous ARP of a takeover. Sends nothing.
    /// </summary>
    internal void WarmUp()
    {
        StartSchedule([], lowerPriority: false);
        Stop();

        // An empty frame: the kernel refuses it (EINVAL, shorter than an Ethernet header) and nothing goes on the
        // wire, but the runtime's send path (Socket.SendTo with a SocketAddress, its P/Invoke stub; the transport's
        // advert uses the same) runs once before the first takeover instead of during it.
        try
        {
            _socket.SendTo(ReadOnlySpan<byte>.Empty, SocketFlags.None, _arpDestination);
        }
        catch (SocketException)
        {
        }
    }

    /// <summary>Stops the schedule (on leaving master).</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _schedule?.Cancel();
            _schedule?.Dispose();
            _schedule = null;
        }
    }

    /// <summary>Stops the schedule and closes the socket.</summary>
    public void Dispose()
    {
        Stop();
        _socket.Dispose();
        _forwarding?.Dispose();
        lock (_sendLock)
        {
            if (!_released)
            {
                _released = true;
                _netlink.Release();
            }
        }
    }

    /// <summary>Gets whether Neighbor Advertisements now carry the Router flag (forced, or read from the forwarding sysctl by the last announcement).</summary>
    public bool RouterFlag => _routerFlag;

    /// <summary>
    /// The <c>forwarding</c> sysctl of the interface, opened now because /proc/sys/net follows the network namespace
    /// of the thread that opens it; each announcement reads it again through the handle. Null when forced or absent.
    /// </summary>
    private static SafeFileHandle? OpenForwardingSysctl(string interfaceName, LinuxAnnouncementOptions options)
    {
        if (options.Schedule.NeighborAdvertisementRouterFlag is not null)
        {
            return null;
        }

        try
        {
            return File.OpenHandle($"/proc/sys/net/ipv6/conf/{interfaceName}/forwarding");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // IPv6 off on this interface: there is no NA to send.
            return null;
        }
    }

    /// <summary>
    /// RFC 4861 §7.2.5: hosts that use the VIP as their default gateway drop a router whose NA has R clear. R is set
    /// when the interface forwards IPv6 (keepalived reads the same sysctl), unless the options force it.
    /// </summary>
    private void RefreshRouterFlag()
    {
        if (_options.Schedule.NeighborAdvertisementRouterFlag is { } forced)
        {
            _routerFlag = forced;
            return;
        }

        Span<byte> value = stackalloc byte[8];
        try
        {
            _routerFlag = _forwarding is not null && RandomAccess.Read(_forwarding, value, 0) > 0 && value[0] != (byte)'0';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The interface was deleted under the handle: announce as a host until it is opened again.
            _routerFlag = false;
        }
    }

    /// <summary>
    /// Looks the interface up again: after it was re-created its index (and maybe its MAC) changed. True when the
    /// index changed, so that a failed send is worth retrying.
    /// </summary>
    private bool RefreshLink()
    {
        NetworkLinkInfo? link;
        try
        {
            link = NetlinkRoute.GetLink(_netlink.Socket, InterfaceName);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return false;
        }

        if (link is null || link.Index == InterfaceIndex)
        {
            return false;
        }

        lock (_sendLock)
        {
            InterfaceIndex = link.Index;
            if (_options.SourceMacAddress is null && link.HardwareAddress?.GetAddressBytes() is { Length: 6 } mac)
            {
                _mac = mac;
            }

            _arpDestination = LinkLayerAddress(link.Index, AnnouncementFrames.EtherTypeArp, AnnouncementFrames.BroadcastMac);
            _ipv6Destination = LinkLayerAddress(link.Index, AnnouncementFrames.EtherTypeIPv6, AnnouncementFrames.AllNodesMac);
        }

        return true;
    }

    private async Task RunAsync(IPAddress[] addresses, IPAddress[] refresh, int repeat, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await BurstAsync(addresses, repeat, cancellationToken).ConfigureAwait(false);
            if (delay > TimeSpan.Zero && repeat > 0)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                await BurstAsync(addresses, repeat, cancellationToken).ConfigureAwait(false);
            }

            while (_options.Schedule.RefreshInterval > TimeSpan.Zero)
            {
                await Task.Delay(_options.Schedule.RefreshInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
                await BurstAsync(refresh, _options.Schedule.RefreshRepeat, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task BurstAsync(IPAddress[] addresses, int repeat, CancellationToken cancellationToken)
    {
        for (int round = 0; round < repeat; round++)
        {
            foreach (IPAddress address in addresses)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Send(address);
                if (_options.Schedule.Interval > TimeSpan.Zero)
                {
                    await Task.Delay(_options.Schedule.Interval, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private bool Send(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int length))
        {
            return false;
        }

        if (TrySend(bytes[..length], out SocketException? failure))
        {
            return true;
        }

        // A re-created interface has a new index: sending on the old one failed, so look it up and send again.
        if (failure is not null && RefreshLink() && TrySend(bytes[..length], out failure))
        {
            return true;
        }

        if (failure is not null)
        {
            Interlocked.Increment(ref _errors);
            _logger.AnnounceFailed(failure, InterfaceName);
        }

        return false;
    }

    // False with no failure: the announcer was disposed.
    private bool TrySend(ReadOnlySpan<byte> bytes, out SocketException? failure)
    {
        failure = null;
        int length = bytes.Length;
        lock (_sendLock)
        {
            int frameLength;
            SocketAddress destination;
            if (length == 4)
            {
                frameLength = AnnouncementFrames.WriteGratuitousArp(_frame, _mac, bytes[..4]);
                destination = _arpDestination;
            }
            else
            {
                frameLength = AnnouncementFrames.WriteNeighborAdvertisement(_frame, _mac, bytes[..16], _routerFlag);
                destination = _ipv6Destination;
            }

            if (_rehearsal)
            {
                return true;
            }

            try
            {
                _socket.SendTo(_frame.AsSpan(0, frameLength), SocketFlags.None, destination);
                LinuxTakeoverEventSource.Log.AnnouncementSent(length == 4 ? 4 : 6);
                Interlocked.Increment(ref _sent);
                return true;
            }
            catch (SocketException ex)
            {
                failure = ex;
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>A sockaddr_ll: family, protocol (big-endian), ifindex, ARPHRD_ETHER, packet type, 6-byte address.</summary>
    private static SocketAddress LinkLayerAddress(int index, ushort protocol, ReadOnlySpan<byte> mac)
    {
        var address = new SocketAddress(AddressFamily.Packet, 20);
        Span<byte> bytes = address.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], protocol);
        ushort hardwareType = 1;
        MemoryMarshal.Write(bytes[4..], in index);
        MemoryMarshal.Write(bytes[8..], in hardwareType);
        bytes[10] = 0;
        bytes[11] = 6;
        mac.CopyTo(bytes[12..]);
        return address;
    }
}

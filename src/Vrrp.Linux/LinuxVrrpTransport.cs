using System.Net;
using System.Net.Sockets;
using Vrrp.Instances;
using Vrrp.Linux.Addresses;
using Vrrp.Linux.Links;
using Vrrp.Linux.Netlink;
using Vrrp.Linux.Sockets;
using Vrrp.Packets;

namespace Vrrp.Linux;

/// <summary>
/// Sends and receives VRRP advertisements (IP protocol 112) on one interface for one address family, to and from the
/// multicast group (224.0.0.18, ff02::12) or listed unicast peers. Both sockets are bound to the device; adverts go
/// out with TTL / hop limit 255 from a fixed source address. Received datagrams are validated by the codec; bad ones
/// are counted by reason and dropped, so <see cref="ReceiveAsync"/> only returns valid advertisements. The receive
/// path does not allocate in the steady state.
/// </summary>
/// <remarks>
/// Separate send and receive sockets, as keepalived does: the receive socket joins the group and asks for the IPv6
/// hop limit and destination; the send socket is bound to the source address and never sees traffic. The kernel's
/// IPv6 checksum verification (IPV6_CHECKSUM) is set on the send socket only, because on the receive socket it would
/// drop bad packets silently, where the codec counts them.
/// </remarks>
public sealed class LinuxVrrpTransport : IVrrpTransport, IDisposable
{
    /// <summary>The largest VRRP message: 8 header bytes, 255 IPv6 addresses and 8 bytes of VRRPv2 authentication.</summary>
    public const int MaxMessageLength = 16 + (255 * 16);

    /// <summary>A receive buffer this large holds any advertisement with its IPv4 header (60) and options.</summary>
    public const int RecommendedReceiveBufferLength = MaxMessageLength + 128;

    private static readonly IPAddress s_ipv4Group = IPAddress.Parse("224.0.0.18");
    private static readonly IPAddress s_ipv6Group = IPAddress.Parse("ff02::12");

    // Dedicated mode (Open): the transport's own sockets. Shared mode (OpenShared): _receiveSocket is null and the
    // interface's one receive socket hands this transport the adverts of its VRID; the send socket is shared too.
    private readonly Socket? _receiveSocket;
    private readonly Socket _sendSocket;
    private volatile bool _rehearsing;
    private readonly SafeSocketHandle? _receiveHandle;
    private readonly SharedReceiveSocket? _sharedReceive;
    private readonly SharedSendSocket? _sharedSend;
    private readonly IPAddress? _joinedGroup;
    private readonly VrrpAddress _group;
    private readonly Destination[] _destinations;
    private readonly bool _isUnicast;
    private readonly byte _virtualRouterId;
    private readonly byte[] _sourceBytes;
    private readonly Lock _sendLock = new();
    private readonly ReceiveOperation _receiveOperation;
    // The one counter set of the receive path: the transport's own until a receive loop feeds an instance, then the
    // instance's, so the status file and the metrics see every drop, counted once.
    private volatile VrrpCounterSet _counters = new();
    private long _received;
    private long _sent;
    private long _sendErrors;
    private volatile bool _disposed;
    private VrrpInstance? _instance;
    private TaskCompletionSource? _sharedLoopEnd;

    private LinuxVrrpTransport(LinuxVrrpTransportOptions options, int interfaceIndex, IPAddress source, Socket? receiveSocket, Socket sendSocket, Destination[] destinations)
    {
        InterfaceName = options.InterfaceName;
        InterfaceIndex = interfaceIndex;
        Family = options.Family;
        SourceAddress = VrrpAddress.FromIPAddress(source);
        _sourceBytes = source.GetAddressBytes();
        _receiveSocket = receiveSocket;
        _receiveHandle = receiveSocket?.SafeHandle;
        _sendSocket = sendSocket;
        _destinations = destinations;
        _isUnicast = options.UnicastPeers.Count > 0;
        _virtualRouterId = options.VirtualRouterId;
        _receiveOperation = new ReceiveOperation(this);
    }

    private LinuxVrrpTransport(LinuxVrrpTransportOptions options, int interfaceIndex, IPAddress source, SharedReceiveSocket receive, IPAddress? joinedGroup, SharedSendSocket send, Destination[] destinations)
        : this(options, interfaceIndex, source, null, send.Socket, destinations)
    {
        _sharedReceive = receive;
        _sharedSend = send;
        _joinedGroup = joinedGroup;
        _group = joinedGroup is null ? default : VrrpAddress.FromIPAddress(joinedGroup);
    }

    /// <summary>Gets the interface name.</summary>
    public string InterfaceName { get; }

    /// <summary>Gets the interface index the sockets were opened for (a re-created interface needs a new transport).</summary>
    public int InterfaceIndex { get; }

    /// <summary>Gets the address family.</summary>
    public AddressFamily Family { get; }

    /// <summary>Gets the source address of our advertisements: the primary address in elections.</summary>
    public VrrpAddress SourceAddress { get; }

    /// <summary>Gets whether advertisements go to unicast peers rather than the multicast group.</summary>
    public bool IsUnicast => _isUnicast;

    /// <summary>Gets the destinations of <see cref="SendAdvertisement"/>: the group, or every unicast peer.</summary>
    public IReadOnlyList<VrrpAddress> Destinations => [.. _destinations.Select(d => d.Address)];

    /// <summary>Gets the number of valid advertisements returned.</summary>
    public long ReceivedCount => Interlocked.Read(ref _received);

    /// <summary>Gets the number of messages sent.</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Gets the number of sends that failed (for example while the interface is down).</summary>
    public long SendErrorCount => Interlocked.Read(ref _sendErrors);

    /// <summary>
    /// Gets or sets whether sends are a takeover rehearsal's (<see cref="Addresses.TakeoverRehearsal"/>): each runs the
    /// whole send path down to the system call with MSG_OOB, which the kernel refuses on a raw socket (EOPNOTSUPP)
    /// before anything is sent; the send counts as done and is counted neither as sent nor as failed.
    /// </summary>
    internal bool Rehearsing
    {
        get => _rehearsing;
        set => _rehearsing = value;
    }

    /// <summary>Opens the sockets. Must run in the network namespace of the interface.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    /// <exception cref="MissingCapabilityException">The process lacks CAP_NET_RAW.</exception>
    /// <exception cref="IOException">The interface does not exist, has no usable source address, or a socket option failed.</exception>
    public static LinuxVrrpTransport Open(LinuxVrrpTransportOptions options) => Open(options, shared: false);

    /// <summary>
    /// Opens a transport on the interface's shared sockets (<see cref="VrrpSocketRegistry"/>): one receive socket per
    /// interface and family, demultiplexed by VRID, and one send socket per source address, however many instances
    /// run there. Only <see cref="ReceiveLoopAsync"/> receives (not <see cref="ReceiveAsync"/>).
    /// </summary>
    internal static LinuxVrrpTransport OpenShared(LinuxVrrpTransportOptions options) => Open(options, shared: true);

    private static LinuxVrrpTransport Open(LinuxVrrpTransportOptions options, bool shared)
    {
        ArgumentNullException.ThrowIfNull(options);
        TransportOptionsValidator.Validate(options);
        string name = options.InterfaceName;
        bool v6 = options.Family == AddressFamily.InterNetworkV6;

        int index;
        IPAddress source;
        string sendName = options.SendInterfaceName ?? name;
        int sendIndex;
        using (NetlinkSocket netlink = NetlinkSocket.Open())
        {
            NetworkLinkInfo link = NetlinkRoute.GetLink(netlink, name)
                ?? throw new IOException($"interface {name} does not exist");
            index = link.Index;
            source = options.SourceAddress ?? FindSourceAddress(netlink, link, options);
            sendIndex = sendName == name ? index : NetlinkRoute.GetLink(netlink, sendName)?.Index
                ?? throw new IOException($"interface {sendName} (to send VRRP advertisements on) does not exist");
        }

        if (v6 && (source.IsIPv6LinkLocal || source.IsIPv6Multicast))
        {
            source = new IPAddress(source.GetAddressBytes(), index);
        }

        IPAddress group = options.MulticastGroup ?? (v6 ? s_ipv6Group : s_ipv4Group);
        IPAddress? join = options.UnicastPeers.Count == 0 ? group : null;
        Destination[] destinations = options.UnicastPeers.Count == 0
            ? [new Destination(VrrpSocketSetup.ScopeTo(group, index))]
            : [.. options.UnicastPeers.Select(peer => new Destination(VrrpSocketSetup.ScopeTo(peer, index)))];
        string operation = $"opening the VRRP socket on {name}";
        Socket OpenSend()
        {
            Socket socket = LinuxSocket.Create(v6 ? Interop.AF_INET6 : Interop.AF_INET, Interop.SOCK_RAW, Interop.IPPROTO_VRRP, operation, "CAP_NET_RAW");
            try
            {
                VrrpSocketSetup.ConfigureSend(socket, sendName, sendIndex, v6, source);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (shared)
        {
            string space = NetworkNamespaceId.Current();
            SharedSendSocket sendSocket = VrrpSocketRegistry.AcquireSend(new SendSocketKey(space, sendIndex, options.Family, VrrpAddress.FromIPAddress(source)), OpenSend);
            try
            {
                SharedReceiveSocket receiveSocket = VrrpSocketRegistry.AcquireReceive(new ReceiveSocketKey(space, index, options.Family), name, join);
                return new LinuxVrrpTransport(options, index, source, receiveSocket, join, sendSocket, destinations);
            }
            catch
            {
                VrrpSocketRegistry.ReleaseSend(sendSocket);
                throw;
            }
        }

        Socket? receive = null;
        Socket? send = null;
        try
        {
            receive = LinuxSocket.Create(v6 ? Interop.AF_INET6 : Interop.AF_INET, Interop.SOCK_RAW, Interop.IPPROTO_VRRP, operation, "CAP_NET_RAW");
            VrrpSocketSetup.ConfigureReceive(receive, name, index, v6, join);
            send = OpenSend();
            return new LinuxVrrpTransport(options, index, source, receive, send, destinations);
        }
        catch
        {
            receive?.Dispose();
            send?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Encodes an advertisement for each destination (the checksum depends on it) and sends it. Failures are counted
    /// (<see cref="SendErrorCount"/>), not thrown, since an interface going down must not stop the instance.
    /// </summary>
    /// <param name="advertisement">The fixed fields.</param>
    /// <param name="addresses">The virtual addresses back to back in network order.</param>
    /// <param name="authenticationData">The VRRPv2 password, or empty.</param>
    /// <param name="ipv4ChecksumForm">The VRRPv3 IPv4 checksum form.</param>
    /// <returns>The number of destinations the advertisement was handed to.</returns>
    public int SendAdvertisement(in VrrpAdvertisement advertisement, ReadOnlySpan<byte> addresses, ReadOnlySpan<byte> authenticationData = default, VrrpChecksumForm ipv4ChecksumForm = VrrpChecksumForm.PseudoHeader)
    {
        int sent = 0;
        Span<byte> destinationBytes = stackalloc byte[16];

        // On the stack and as long as the message (header, addresses, a VRRPv2 password field): a 4 KiB buffer per
        // transport was 4 MB of a 1,000-instance daemon's heap. Too many addresses: TryWrite refuses, as before.
        Span<byte> message = stackalloc byte[Math.Min(16 + addresses.Length, MaxMessageLength)];
        lock (_sendLock)
        {
            foreach (Destination destination in _destinations)
            {
                int length = destination.Address.WriteBytes(destinationBytes);
                var ip = new VrrpIpContext(Family, _sourceBytes, destinationBytes[..length]);
                if (!VrrpPacketWriter.TryWrite(message, advertisement, addresses, authenticationData, ip, ipv4ChecksumForm, out int written))
                {
                    throw new ArgumentException("The advertisement does not fit in a VRRP message.", nameof(addresses));
                }

                if (SendCore(message[..written], destination.SocketAddress))
                {
                    sent++;
                }
            }
        }

        return sent;
    }

    /// <summary>Sends an already encoded VRRP message (checksum computed for <paramref name="destination"/>).</summary>
    /// <param name="message">The VRRP message (IP payload).</param>
    /// <param name="destination">The multicast group or a unicast peer.</param>
    /// <returns><see langword="true"/> when the message was handed to the network.</returns>
    public bool Send(ReadOnlySpan<byte> message, VrrpAddress destination)
    {
        foreach (Destination known in _destinations)
        {
            if (known.Address == destination)
            {
                lock (_sendLock)
                {
                    return SendCore(message, known.SocketAddress);
                }
            }
        }

        // Not a configured destination: still allowed (the driver decides), at the price of one allocation.
        IPAddress address = VrrpSocketSetup.ScopeTo(destination.ToIPAddress(), InterfaceIndex);
        lock (_sendLock)
        {
            return SendCore(message, new IPEndPoint(address, 0).Serialize());
        }
    }

    /// <summary>
    /// Waits for the next valid advertisement. Invalid datagrams are counted and skipped. One receive at a time. Does not
    /// allocate in the steady state: a zero-byte peek waits for readability, recvmsg then reads without blocking, and
    /// the returned <see cref="ValueTask{TResult}"/> is backed by one reusable operation object.
    /// </summary>
    /// <param name="buffer">Where to receive; <see cref="RecommendedReceiveBufferLength"/> bytes hold any advertisement.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The advertisement; its message is in <paramref name="buffer"/>.</returns>
    /// <exception cref="InvalidOperationException">Another receive is in progress.</exception>
    public ValueTask<VrrpReceivedAdvertisement> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _receiveSocket is null
            ? throw new InvalidOperationException("A transport on the interface's shared socket receives through ReceiveLoopAsync only.")
            : _receiveOperation.Start(buffer, cancellationToken);

    /// <summary>
    /// Sends a message the instance encoded (checksum computed against <paramref name="destination"/>). Never throws
    /// for network errors: a failed send is counted in <see cref="SendErrorCount"/>, as a down link is the link
    /// monitor's business.
    /// </summary>
    /// <param name="instance">The sending instance (its interface must be this transport's).</param>
    /// <param name="message">The VRRP message.</param>
    /// <param name="destination">The multicast group or a unicast peer.</param>
    /// <param name="cancellationToken">Unused: a raw send does not block.</param>
    /// <returns>A completed task.</returns>
    public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
    {
        Send(message.Span, destination);
        return default;
    }

    /// <summary>
    /// Runs the receive loop for one instance: every valid advertisement goes to
    /// <see cref="VrrpInstance.ReceiveAdvertisement"/> with its source, destination and TTL. Ends when cancelled or
    /// when the transport is disposed.
    /// </summary>
    /// <param name="instance">The instance to feed.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes when the loop ends.</returns>
    public async Task ReceiveLoopAsync(VrrpInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        _counters = instance.Counters;
        if (_sharedReceive is { } shared)
        {
            await RunSharedAsync(shared, instance, cancellationToken).ConfigureAwait(false);
            return;
        }

        byte[] buffer = new byte[RecommendedReceiveBufferLength];
        while (!cancellationToken.IsCancellationRequested)
        {
            VrrpReceivedAdvertisement received;
            try
            {
                received = await ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex) when (_disposed && ex is SocketException or IOException)
            {
                return;
            }

            // Decoded once, here in the transport: the instance checks it against its settings and queues it.
            instance.Receive(received, buffer);
        }
    }

    /// <summary>
    /// Gets how many datagrams were dropped as malformed for <paramref name="error"/>, from the counter set the
    /// transport counts into: its own, or the instance's once <see cref="ReceiveLoopAsync"/> runs.
    /// </summary>
    /// <param name="error">The reason.</param>
    /// <returns>The count.</returns>
    public long GetDropCount(VrrpPacketError error) => _counters.GetCount(error);

    /// <summary>
    /// Gets how many well-formed advertisements were dropped for <paramref name="reason"/> (the transport drops
    /// <see cref="VrrpDropReason.VirtualRouterIdMismatch"/> and <see cref="VrrpDropReason.OwnAdvertisement"/>), from
    /// the same counter set as <see cref="GetDropCount(VrrpPacketError)"/>.
    /// </summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count.</returns>
    public long GetDropCount(VrrpDropReason reason) => _counters.GetCount(reason);

    /// <summary>Gets the receive socket (its zero-byte peek waits for readability); dedicated mode only.</summary>
    internal Socket ReceiveSocket => _receiveSocket ?? throw new InvalidOperationException("The transport has no receive socket of its own.");

    /// <summary>Gets the interface's shared receive socket, or <see langword="null"/> for a transport with its own sockets.</summary>
    internal SharedReceiveSocket? SharedReceive => _sharedReceive;

    /// <summary>
    /// Closes both sockets (or, on shared sockets, lets go of them: the last transport on the interface closes them); a
    /// pending <see cref="ReceiveAsync"/> ends with an exception, a running <see cref="ReceiveLoopAsync"/> ends.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_sharedReceive is { } receive)
        {
            _sharedLoopEnd?.TrySetResult();
            VrrpSocketRegistry.ReleaseReceive(receive, _joinedGroup);
            VrrpSocketRegistry.ReleaseSend(_sharedSend!);
            return;
        }

        _receiveSocket!.Dispose();
        _sendSocket.Dispose();
    }

    /// <summary>
    /// Hands an advert the shared socket decoded to this transport's instance: the filters the own socket applied
    /// (its group only, not our own advert), counted into the instance's counters. Allocates nothing.
    /// </summary>
    internal void Deliver(in VrrpReceivedAdvertisement advertisement, ReadOnlySpan<byte> buffer)
    {
        if (_instance is not { } instance)
        {
            return;
        }

        // The shared socket joined every group its transports use; this one's own socket joined only its group (none for unicast).
        VrrpAddress destination = advertisement.Destination;
        if (destination != _group && !destination.IsEmpty && VrrpSocketSetup.IsMulticast(destination))
        {
            return;
        }

        if (advertisement.Source == SourceAddress)
        {
            _counters.CountDropped(VrrpDropReason.OwnAdvertisement);
            return;
        }

        Interlocked.Increment(ref _received);
        instance.Receive(advertisement, buffer);
    }

    /// <summary>Counts a malformed datagram of the shared socket for this transport's instance; false when no instance listens.</summary>
    internal bool DeliverMalformed(VrrpPacketError error)
    {
        if (_instance is null)
        {
            return false;
        }

        Accept(decoded: false, default, error);
        return true;
    }

    private async Task RunSharedAsync(SharedReceiveSocket shared, VrrpInstance instance, CancellationToken cancellationToken)
    {
        var end = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sharedLoopEnd = end;
        if (_disposed)
        {
            return;
        }

        _instance = instance;
        shared.Subscribe(this, _virtualRouterId);
        try
        {
            using CancellationTokenRegistration registration = cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), end);
            await end.Task.ConfigureAwait(false);
        }
        finally
        {
            shared.Unsubscribe(this, _virtualRouterId);
            _instance = null;
        }
    }

    /// <summary>Reads one datagram without blocking, decodes it once, filters and counts it.</summary>
    internal LinuxReceiveStatus TryReceive(Span<byte> buffer, out VrrpReceivedAdvertisement advertisement)
    {
        LinuxReceiveStatus status = VrrpDatagramReceiver.TryReceive(_receiveHandle!, Family, InterfaceName, buffer, out advertisement, out VrrpPacketError error);
        return status == LinuxReceiveStatus.WouldBlock ? status : Accept(status == LinuxReceiveStatus.Received, advertisement, error);
    }

    // The transport's filters (VRID, own adverts) and its counting of what it drops; the rest is the instance's.
    private LinuxReceiveStatus Accept(bool decoded, in VrrpReceivedAdvertisement advertisement, VrrpPacketError error)
    {
        VrrpCounterSet counters = _counters;
        if (!decoded)
        {
            // A VRRP message that fails the codec counts as received for the instance (it was for some instance).
            if (error is not (VrrpPacketError.MalformedIpHeader or VrrpPacketError.Oversized))
            {
                counters.CountReceived();
            }

            counters.CountMalformed(error);
            return LinuxReceiveStatus.Dropped;
        }

        if (_virtualRouterId != 0 && advertisement.Advertisement.VirtualRouterId != _virtualRouterId)
        {
            counters.CountDropped(VrrpDropReason.VirtualRouterIdMismatch);
            return LinuxReceiveStatus.Dropped;
        }

        if (advertisement.Source == SourceAddress)
        {
            counters.CountDropped(VrrpDropReason.OwnAdvertisement);
            return LinuxReceiveStatus.Dropped;
        }

        Interlocked.Increment(ref _received);
        return LinuxReceiveStatus.Received;
    }

    private bool SendCore(ReadOnlySpan<byte> message, SocketAddress destination)
    {
        bool rehearsing = _rehearsing;
        try
        {
            _sendSocket.SendTo(message, rehearsing ? SocketFlags.OutOfBand : SocketFlags.None, destination);
            Interlocked.Increment(ref _sent);
            return true;
        }
        catch (SocketException) when (rehearsing)
        {
            // The rehearsal's answer: a raw socket has no out-of-band data (EOPNOTSUPP), so nothing left.
            return true;
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
            return false;
        }
    }

    private static IPAddress FindSourceAddress(NetlinkSocket netlink, NetworkLinkInfo link, LinuxVrrpTransportOptions options)
    {
        bool v6 = options.Family == AddressFamily.InterNetworkV6;
        return SourceAddressSelector.Pick(SourceAddressSelector.Read(netlink, link.Index, options.Family), options.Family, null, options.VirtualAddresses)
            ?? throw new IOException(v6
                ? $"interface {link.Name} has no IPv6 link-local address to send VRRP advertisements from"
                : $"interface {link.Name} has no IPv4 address to send VRRP advertisements from; add one or set the source address");
    }

}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrrp.Instances;
using Vrrp.Linux.Addresses;
using Vrrp.Linux.Links;
using Vrrp.Linux.Netlink;
using Vrrp.Linux.Vmac;
using Vrrp.Platform;

namespace Vrrp.Linux;

/// <summary>
/// Runs one <see cref="VrrpInstance"/> on Linux: probes capabilities, waits for the interface if it does not exist
/// yet, removes virtual addresses a crashed previous run left (unless the instance owns them, priority 255), opens
/// the raw-socket transport and the rtnetlink binder, feeds received advertisements and link changes to the instance,
/// re-opens the transport when the interface is re-created, and on cancellation stops the instance (a master sends
/// priority 0 and releases its addresses) and removes anything still bound.
/// </summary>
public sealed class LinuxVrrpInstanceRunner : IVrrpInstanceRunner
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_dropReportPeriod = TimeSpan.FromSeconds(1);
    private readonly VrrpInstanceSettings _settings;
    private readonly LinuxAnnouncementOptions? _announcement;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _interfaceName;

    /// <summary>Initializes a runner.</summary>
    /// <param name="settings">
    /// The instance settings. <see cref="VrrpInstanceSettings.InterfaceName"/> is required. A
    /// <see cref="VrrpInstanceSettings.PrimaryAddress"/> of <see cref="IPAddress.Any"/> or <see cref="IPAddress.IPv6Any"/>
    /// means "the interface's primary IPv4 / link-local IPv6 address"; any other value is used as the source address
    /// (keepalived's <c>unicast_src_ip</c>).
    /// </param>
    /// <param name="announcement">The gratuitous ARP / NA schedule, or <see langword="null"/> for keepalived's defaults.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock with timers on a dedicated thread (a <see cref="Vrrp.Timing.DedicatedThreadTimeProvider"/> that sleeps sub-millisecond remainders with clock_nanosleep).</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public LinuxVrrpInstanceRunner(VrrpInstanceSettings settings, LinuxAnnouncementOptions? announcement = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _interfaceName = settings.InterfaceName ?? throw new ArgumentException($"VRRP instance {settings.Name} needs an interface name.", nameof(settings));
        _settings = settings;
        _announcement = announcement;
        _timeProvider = timeProvider ?? Timing.LinuxTimers.Shared;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after every state change of the instance (see <see cref="VrrpInstance.StateChanged"/>).</summary>
    public event EventHandler<VrrpStateChangedEventArgs>? StateChanged;

    /// <summary>Gets the running instance, or <see langword="null"/> before it started.</summary>
    public VrrpInstance? Instance { get; private set; }

    /// <summary>
    /// Gets the VMAC settings (keepalived's <c>use_vmac</c>), or <see langword="null"/> to bind the virtual addresses
    /// on the interface itself. See <see cref="LinuxVirtualMacBinder"/>.
    /// </summary>
    public LinuxVirtualMacOptions? VirtualMac { get; init; }

    /// <summary>
    /// Gets whether the virtual addresses are bound with a kernel lifetime that the master renews from its advert path
    /// (<see cref="LinuxVipLease"/>), so that a killed or hung master loses them by itself. Not applied with
    /// <see cref="VirtualMac"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool UseVipLease { get; init; }

    /// <summary>Gets the lease length, or <see langword="null"/> for <see cref="LinuxVipLease.DefaultDuration"/> of the advert interval.</summary>
    public TimeSpan? VipLeaseDuration { get; init; }

    /// <summary>
    /// Gets what replaces the instance's binder: given the rtnetlink (or VMAC) binder this runner opened, returns the
    /// binder the instance uses (e.g. one that runs commands to move the address), or <see langword="null"/> to use it as is.
    /// </summary>
    public Func<IVipBinder, IVipBinder>? Binder { get; init; }

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled, then stops cleanly.</summary>
    /// <param name="stoppingToken">Cancel to stop (SIGTERM).</param>
    /// <returns>A task that completes once the instance stopped and its addresses are released.</returns>
    /// <exception cref="MissingCapabilityException">A capability is missing.</exception>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        LinuxCapabilityProbe.ThrowIfMissing(_interfaceName);
        // The process's one rtnetlink subscription (per namespace), shared by every instance.
        using LinkSubscription monitor = SharedLinkMonitor.Subscribe(_interfaceName, IsOwnVirtualAddress, _logger);
        NetworkLinkInfo? link = monitor.FindLink(_interfaceName);
        while (link is null)
        {
            _logger.WaitingForInterface(_interfaceName);
            LinkEvent change = await monitor.ReadEventAsync(stoppingToken).ConfigureAwait(false);
            link = change.Kind == LinkEventKind.Added ? monitor.FindLink(_interfaceName) : null;
        }

        TimeSpan? lease = UseVipLease && VirtualMac is null ? VipLeaseDuration ?? LinuxVipLease.DefaultDuration(_settings.AdvertInterval) : null;
        using LinuxVipBinder binder = LinuxVipBinder.Open(_interfaceName, _announcement, _timeProvider, _logger, lease);
        if (binder.Lease is { } leased)
        {
            _logger.VipLeaseEnabled(_settings.Name, (uint)leased.TotalSeconds, Math.Round(LinuxVipLease.RenewalPeriod(leased).TotalSeconds, 2));
        }
        if (_settings.Priority != byte.MaxValue)
        {
            // Start-up reconciliation: a previous run killed with SIGKILL left its VIPs; drop them before joining.
            binder.RemoveStale(_settings.VirtualAddresses, _interfaceName);
        }

        // Before the instance joins: a stale VMAC a crashed run left (maybe up, with the VIPs) is deleted first.
        using LinuxVirtualMacBinder? virtualMac = VirtualMac is null ? null : LinuxVirtualMacBinder.Open(_settings, VirtualMac, _announcement, _timeProvider, _logger);
        LinuxVrrpTransport transport = await OpenTransportAsync(monitor, stoppingToken).ConfigureAwait(false);
        var holder = new TransportHolder(transport);
        IPAddress primary = transport.SourceAddress.ToIPAddress();
        VrrpInstanceSettings settings = _settings with { PrimaryAddress = primary };

        // Before joining, once per process: the takeover and the stop run once on a copy, with its addresses, through its
        // transport (each advert refused by the kernel) and an rtnetlink binder that changes nothing (never a command
        // binder), so that the first real takeover and SIGTERM run warm code (docs/failover.md).
        await TakeoverRehearsal.RunOnceAsync(settings, holder, transport, () => LinuxVipBinder.OpenForRehearsal(_interfaceName, _announcement, _timeProvider, binder.Lease), _timeProvider).ConfigureAwait(false);
        IVipBinder platformBinder = (IVipBinder?)virtualMac ?? binder;
        var instance = new VrrpInstance(settings, holder, Binder is null ? platformBinder : Binder(platformBinder), _timeProvider);
        instance.StateChanged += (sender, e) => StateChanged?.Invoke(this, e);
        Instance = instance;
        // Cancelled by the stop callback below, after the instance's stop has begun: not linked to stoppingToken, whose
        // callbacks run last-registered first, so that nothing (the link monitor's read, the receive loop) runs before
        // the priority-0 advert on the cancelling thread.
        using var receiving = new CancellationTokenSource();
        Task receiveLoop = Task.CompletedTask;
        DropReportSweep.Registration? dropReports = null;
        try
        {
            // Besides telling the operator, this first log call with two string arguments initialises the generated
            // logging code that "Added virtual address" uses: otherwise the first takeover pays for it (about 5 ms
            // under the JIT, measured against keepalived in tests/Vrrp.Linux.Tests/KeepalivedInterop).
            _logger.Joining(instance.Name, _interfaceName);
            await instance.StartAsync(CancellationToken.None).ConfigureAwait(false);

            // Stop straight from the thread that cancels (the SIGTERM handler): the priority-0 advert then goes out on
            // that thread at once, instead of after the link monitor's continuation finds a thread-pool thread, which
            // took over 100 ms on a loaded 2-core machine. StopAsync is idempotent; the finally block waits for it.
            using CancellationTokenRegistration stopOnCancel = stoppingToken.UnsafeRegister(
                static state =>
                {
                    var (stopped, loops) = ((VrrpInstance, CancellationTokenSource))state!;
                    _ = stopped.StopAsync(CancellationToken.None);
                    loops.Cancel();
                },
                (instance, receiving));
            if (!link.IsUp)
            {
                instance.SetLinkState(false);
            }

            receiveLoop = transport.ReceiveLoopAsync(instance, receiving.Token);
            dropReports = DropReportSweep.Register(new DropReporter(instance, _logger), s_dropReportPeriod, _timeProvider);
            var sources = new SourceTracking(this, instance, holder, monitor, link.Index);
            while (true)
            {
                LinkEvent change = await monitor.ReadEventAsync(receiving.Token).ConfigureAwait(false);
                switch (change.Kind)
                {
                    case LinkEventKind.Down or LinkEventKind.Removed:
                        instance.SetLinkState(false);
                        break;
                    case LinkEventKind.AddressRemoved:
                        // Judged on the addresses known before this event, not on a fresh dump: after "ip addr del A;
                        // ip addr add B" a dump already shows B, and a switch without a fault would keep a VIP the
                        // kernel deleted along with A. keepalived, too, goes to fault when its source address goes.
                        if (change.InterfaceIndex == sources.Index && change.Address is { } gone)
                        {
                            sources.Forget(gone);
                            receiveLoop = await sources.ApplyAsync(receiveLoop, receiving.Token).ConfigureAwait(false);
                        }

                        break;
                    case LinkEventKind.AddressAdded when change.InterfaceIndex == sources.Index && change.Address is { } added && sources.Knows(added):
                        // An address we already know, or a VIP: above all the RTM_NEWADDR every VIP lease renewal causes
                        // (NLM_F_REPLACE), about every 0.7 s per leased instance, which must not cost an address dump.
                        break;
                    case LinkEventKind.Added or LinkEventKind.Up or LinkEventKind.AddressAdded or LinkEventKind.Resynchronized:
                        NetworkLinkInfo? now = monitor.FindLink(_interfaceName);
                        if (now is null)
                        {
                            break;
                        }

                        // A new index is a re-created interface: its addresses are read afresh and, once it has a
                        // usable one, the sockets are re-opened on it (the old ones are bound to a dead index).
                        sources.Refresh(now.Index);
                        receiveLoop = await sources.ApplyAsync(receiveLoop, receiving.Token).ConfigureAwait(false);
                        if (now.Index == holder.Current.InterfaceIndex)
                        {
                            instance.SetLinkState(now.IsUp);
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            using (var stopping = new CancellationTokenSource(s_stopTimeout))
            {
                try
                {
                    await instance.StopAsync(stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _logger.StopTimedOut(instance.Name, s_stopTimeout.TotalSeconds);
                }
            }

            await receiving.CancelAsync().ConfigureAwait(false);
            holder.Current.Dispose();
            await receiveLoop.ConfigureAwait(false);
            dropReports?.Dispose();
            await instance.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Gets the virtual addresses now: the instance's, which a live change (a reload) may have changed since the start.</summary>
    private IReadOnlyList<VrrpVirtualAddress> VirtualAddresses => Instance?.Settings.VirtualAddresses ?? _settings.VirtualAddresses;

    /// <summary>Whether the address is one of this instance's virtual addresses now (asked for every address event of the interface).</summary>
    private bool IsOwnVirtualAddress(IPAddress address)
    {
        IReadOnlyList<VrrpVirtualAddress> vips = VirtualAddresses;
        for (int i = 0; i < vips.Count; i++)
        {
            if (vips[i].Address.Equals(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets the configured source address (<c>unicast_src_ip</c>), or <see langword="null"/> to pick the interface's.</summary>
    private IPAddress? ConfiguredSource =>
        _settings.PrimaryAddress.Equals(IPAddress.Any) || _settings.PrimaryAddress.Equals(IPAddress.IPv6Any) ? null : _settings.PrimaryAddress;

    /// <summary>
    /// Gets the VMAC interface adverts leave from (keepalived's <c>use_vmac</c> without <c>vmac_xmit_base</c>), or
    /// <see langword="null"/> for the interface itself. IPv4 multicast only: keepalived needs <c>vmac_xmit_base</c> with
    /// unicast peers, and an IPv6 advert must leave from a link-local address of the sending interface.
    /// </summary>
    private string? SendInterfaceName =>
        VirtualMac is { TransmitOnBase: false } vmac && _settings.Family == AddressFamily.InterNetwork && _settings.UnicastPeers.Count == 0
            ? vmac.InterfaceNameFor(_settings.VirtualRouterId)
            : null;

    private LinuxVrrpTransportOptions TransportOptions(IPAddress? source = null) => new()
    {
        InterfaceName = _interfaceName,
        SendInterfaceName = SendInterfaceName,
        Family = _settings.Family,
        SourceAddress = source ?? ConfiguredSource,
        UnicastPeers = _settings.UnicastPeers,
        MulticastGroup = _settings.MulticastGroup,
        // An address owner's VIPs are its own addresses (RFC 5798 §3): one may be the only address, so it may be the source.
        VirtualAddresses = _settings.Priority == byte.MaxValue ? [] : [.. VirtualAddresses.Select(a => a.Address)],
        VirtualRouterId = _settings.VirtualRouterId,
    };

    private LinuxVrrpTransport? TryOpenTransport(IPAddress? source = null)
    {
        try
        {
            return LinuxVrrpTransport.OpenShared(TransportOptions(source));
        }
        catch (IOException ex)
        {
            _logger.TransportNotReady(_interfaceName, ex.Message);
            return null;
        }
    }

    /// <summary>Opens the transport, waiting for link or address events while the interface has no usable address.</summary>
    private async Task<LinuxVrrpTransport> OpenTransportAsync(LinkSubscription monitor, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryOpenTransport() is { } transport)
            {
                return transport;
            }

            await monitor.ReadEventAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The interface's addresses as the rtnetlink events tell them, and the source address picked from them: re-opens
    /// the transport when the source or the interface index changes and tells the instance (none = fault).
    /// </summary>
    private sealed class SourceTracking
    {
        private readonly LinuxVrrpInstanceRunner _runner;
        private readonly VrrpInstance _instance;
        private readonly TransportHolder _holder;
        private readonly LinkSubscription _monitor;
        private List<InterfaceAddressEntry> _addresses = [];
        private VrrpAddress _current;

        public SourceTracking(LinuxVrrpInstanceRunner runner, VrrpInstance instance, TransportHolder holder, LinkSubscription monitor, int index)
        {
            _runner = runner;
            _instance = instance;
            _holder = holder;
            _monitor = monitor;
            _current = holder.Current.SourceAddress;
            Refresh(index);
        }

        /// <summary>Gets the interface index the addresses belong to.</summary>
        public int Index { get; private set; }

        /// <summary>Reads the interface's addresses again (a new index is a re-created interface).</summary>
        public void Refresh(int index)
        {
            Index = index;
            try
            {
                using NetlinkSocket netlink = NetlinkSocket.Open();
                // Other instances' VIPs are never a source address, and their events do not reach this runner.
                _addresses = SourceAddressSelector.Read(netlink, index, _runner._settings.Family);
                _addresses.RemoveAll(entry => _monitor.IsAnyVirtualAddress(entry.Address));
            }
            catch (IOException)
            {
                // The interface went away meanwhile; its removal event follows.
                _addresses = [];
            }
        }

        /// <summary>Whether the address is one of the interface's known addresses or a virtual address: adding it again changes no source.</summary>
        public bool Knows(IPAddress address)
        {
            byte[] bytes = address.GetAddressBytes();
            return _addresses.Exists(entry => entry.Address.GetAddressBytes().AsSpan().SequenceEqual(bytes))
                || _runner.VirtualAddresses.Any(vip => vip.Address.GetAddressBytes().AsSpan().SequenceEqual(bytes));
        }

        /// <summary>Removes an address an event reported deleted.</summary>
        public void Forget(IPAddress address)
        {
            byte[] bytes = address.GetAddressBytes();
            _addresses.RemoveAll(entry => entry.Address.GetAddressBytes().AsSpan().SequenceEqual(bytes));
        }

        /// <summary>Picks the source again and applies a change; returns the receive loop (a new one after a re-open).</summary>
        public async Task<Task> ApplyAsync(Task receiveLoop, CancellationToken cancellationToken)
        {
            IPAddress? configured = _runner.ConfiguredSource;
            IPAddress? picked = SourceAddressSelector.Pick(_addresses, _runner._settings.Family, configured, [.. _runner.VirtualAddresses.Select(vip => vip.Address)]);
            if (picked is null)
            {
                if (!_current.IsEmpty)
                {
                    _runner._logger.SourceAddressLost(_instance.Name, _runner._interfaceName, configured is null ? $"{_current} is gone" : $"configured {configured} is not on it");
                    _current = default;
                    _instance.SetSourceAddress(null);
                }

                return receiveLoop;
            }

            var address = VrrpAddress.FromIPAddress(picked);
            LinuxVrrpTransport old = _holder.Current;
            if (Index != old.InterfaceIndex || address != old.SourceAddress)
            {
                // The send socket is bound to the old address (and the old index): open new sockets, swap, then tell
                // the instance, so that the advert a master sends at once leaves from the new address.
                if (_runner.TryOpenTransport(picked) is not { } reopened)
                {
                    return receiveLoop;
                }

                _holder.Current = reopened;
                old.Dispose();
                await receiveLoop.ConfigureAwait(false);
                receiveLoop = reopened.ReceiveLoopAsync(_instance, cancellationToken);
                if (reopened.InterfaceIndex != old.InterfaceIndex)
                {
                    _runner._logger.InterfaceRecreated(_runner._interfaceName, reopened.InterfaceIndex);
                }
            }

            if (address != _current)
            {
                _current = address;
                _instance.SetSourceAddress(picked);
                _runner._logger.SourceAddressChanged(_instance.Name, address.ToString(), _runner._interfaceName);
            }

            return receiveLoop;
        }
    }

    /// <summary>The instance's transport, swapped when the interface is re-created.</summary>
    private sealed class TransportHolder(LinuxVrrpTransport transport) : IVrrpTransport
    {
        public LinuxVrrpTransport Current { get; set; } = transport;

        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken) =>
            Current.SendAsync(instance, message, destination, cancellationToken);
    }
}

using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrrp.Instances;

namespace Vrrp.Linux;

/// <summary>
/// Runs one <see cref="VrrpInstance"/> on Linux: probes capabilities, waits for the interface if it does not exist
/// yet, removes virtual addresses a crashed previous run left (unless the instance owns them, priority 255), opens
/// the raw-socket transport and the rtnetlink binder, feeds received advertisements and link changes to the instance,
/// re-opens the transport when the interface is re-created, and on cancellation stops the instance (a master sends
/// priority 0 and releases its addresses) and removes anything still bound.
/// </summary>
public sealed class LinuxVrrpInstanceRunner
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
    /// <param name="timeProvider">The clock, or <see langword="null"/> for <see cref="Vrrp.Timing.DedicatedThreadTimeProvider.Shared"/> (system clock, timers on a dedicated thread).</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public LinuxVrrpInstanceRunner(VrrpInstanceSettings settings, LinuxAnnouncementOptions? announcement = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _interfaceName = settings.InterfaceName ?? throw new ArgumentException($"VRRP instance {settings.Name} needs an interface name.", nameof(settings));
        _settings = settings;
        _announcement = announcement;
        _timeProvider = timeProvider ?? Vrrp.Timing.DedicatedThreadTimeProvider.Shared;
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

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled, then stops cleanly.</summary>
    /// <param name="stoppingToken">Cancel to stop (SIGTERM).</param>
    /// <returns>A task that completes once the instance stopped and its addresses are released.</returns>
    /// <exception cref="MissingCapabilityException">A capability is missing.</exception>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        LinuxCapabilityProbe.ThrowIfMissing(_interfaceName);
        using LinuxLinkMonitor monitor = LinuxLinkMonitor.Open([_interfaceName], _logger);
        NetworkLinkInfo? link = monitor.FindLink(_interfaceName);
        while (link is null)
        {
            _logger.WaitingForInterface(_interfaceName);
            LinkEvent change = await monitor.ReadEventAsync(stoppingToken).ConfigureAwait(false);
            link = change.Kind == LinkEventKind.Added ? monitor.FindLink(_interfaceName) : null;
        }

        TimeSpan? lease = UseVipLease && VirtualMac is null ? VipLeaseDuration ?? LinuxVipLease.DefaultDuration(_settings.AdvertInterval) : null;
        using LinuxVirtualAddressBinder binder = LinuxVirtualAddressBinder.Open(_interfaceName, _announcement, _timeProvider, _logger, lease);
        if (binder.Lease is { } leased)
        {
            _logger.VipLeaseEnabled(_settings.Name, (uint)leased.TotalSeconds, Math.Round(LinuxVipLease.RenewalPeriod(leased).TotalSeconds, 2));
        }
        if (_settings.Priority != byte.MaxValue)
        {
            // Start-up reconciliation: a previous run killed with SIGKILL left its VIPs; drop them before joining.
            binder.Binder.RemoveStale(_settings.VirtualAddresses, _interfaceName);
        }

        // Before the instance joins: a stale VMAC a crashed run left (maybe up, with the VIPs) is deleted first.
        using LinuxVirtualMacBinder? virtualMac = VirtualMac is null ? null : LinuxVirtualMacBinder.Open(_settings, VirtualMac, _announcement, _timeProvider, _logger);
        LinuxVrrpTransport transport = await OpenTransportAsync(monitor, stoppingToken).ConfigureAwait(false);
        var holder = new TransportHolder(transport);
        IPAddress primary = transport.SourceAddress.ToIPAddress();
        VrrpInstanceSettings settings = _settings with { PrimaryAddress = primary };
        var instance = new VrrpInstance(settings, holder, (IVipBinder?)virtualMac ?? binder, _timeProvider);
        instance.StateChanged += (sender, e) => StateChanged?.Invoke(this, e);
        Instance = instance;
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task receiveLoop = Task.CompletedTask;
        Task dropReports = Task.CompletedTask;
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
                static state => _ = ((VrrpInstance)state!).StopAsync(CancellationToken.None),
                instance);
            if (!link.IsUp)
            {
                instance.SetLinkState(false);
            }

            receiveLoop = transport.ReceiveLoopAsync(instance, receiving.Token);
            dropReports = new DropReporter(instance, () => holder.Current, _logger).RunAsync(s_dropReportPeriod, _timeProvider, receiving.Token);
            while (true)
            {
                LinkEvent change = await monitor.ReadEventAsync(stoppingToken).ConfigureAwait(false);
                switch (change.Kind)
                {
                    case LinkEventKind.Down or LinkEventKind.Removed:
                        instance.SetLinkState(false);
                        break;
                    case LinkEventKind.Up when change.InterfaceIndex == holder.Current.InterfaceIndex:
                        instance.SetLinkState(true);
                        break;
                    case LinkEventKind.Added or LinkEventKind.Up or LinkEventKind.AddressAdded or LinkEventKind.Resynchronized:
                        NetworkLinkInfo? now = monitor.FindLink(_interfaceName);
                        if (now is not null && now.Index != holder.Current.InterfaceIndex && TryOpenTransport() is { } reopened)
                        {
                            // The interface was re-created: the old sockets are bound to a dead index.
                            LinuxVrrpTransport old = holder.Current;
                            holder.Current = reopened;
                            old.Dispose();
                            await receiveLoop.ConfigureAwait(false);
                            receiveLoop = reopened.ReceiveLoopAsync(instance, receiving.Token);
                            _logger.InterfaceRecreated(_interfaceName, now.Index);
                        }

                        if (now is not null && now.Index == holder.Current.InterfaceIndex)
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
            await dropReports.ConfigureAwait(false);
            await instance.DisposeAsync().ConfigureAwait(false);
        }
    }

    private LinuxVrrpTransportOptions TransportOptions() => new()
    {
        InterfaceName = _interfaceName,
        Family = _settings.Family,
        SourceAddress = _settings.PrimaryAddress.Equals(IPAddress.Any) || _settings.PrimaryAddress.Equals(IPAddress.IPv6Any) ? null : _settings.PrimaryAddress,
        UnicastPeers = _settings.UnicastPeers,
        MulticastGroup = _settings.MulticastGroup,
        // An address owner's VIPs are its own addresses (RFC 5798 §3): one may be the only address, so it may be the source.
        VirtualAddresses = _settings.Priority == byte.MaxValue ? [] : [.. _settings.VirtualAddresses.Select(a => a.Address)],
        VirtualRouterId = _settings.VirtualRouterId,
    };

    private LinuxVrrpTransport? TryOpenTransport()
    {
        try
        {
            return LinuxVrrpTransport.Open(TransportOptions());
        }
        catch (IOException ex)
        {
            _logger.TransportNotReady(_interfaceName, ex.Message);
            return null;
        }
    }

    /// <summary>Opens the transport, waiting for link or address events while the interface has no usable address.</summary>
    private async Task<LinuxVrrpTransport> OpenTransportAsync(LinuxLinkMonitor monitor, CancellationToken cancellationToken)
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

    /// <summary>The instance's transport, swapped when the interface is re-created.</summary>
    private sealed class TransportHolder(LinuxVrrpTransport transport) : IVrrpTransport
    {
        public LinuxVrrpTransport Current { get; set; } = transport;

        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken) =>
            Current.SendAsync(instance, message, destination, cancellationToken);
    }
}

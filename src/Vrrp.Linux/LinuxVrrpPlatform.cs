using Microsoft.Extensions.Logging;
using Vrrp.Linux.Addresses;
using Vrrp.Linux.Links;
using Vrrp.Linux.Scheduling;
using Vrrp.Linux.Timing;
using Vrrp.Platform;
using Vrrp.Timing;

namespace Vrrp.Linux;

/// <summary>
/// The Linux <see cref="IVrrpPlatform"/>: one <see cref="LinuxVrrpInstanceRunner"/> per instance (rtnetlink binder,
/// gratuitous ARP / unsolicited NA; the raw VRRP sockets are shared by every instance on an interface and the link
/// monitor by every runner of the process), and an rtnetlink link monitor for <c>track_interface</c>. Plug it into a
/// host with <c>services.AddVrrp().AddKeepalivedConfig(path).UsePlatform(new LinuxVrrpPlatform())</c>; it needs
/// <c>CAP_NET_RAW</c> and <c>CAP_NET_ADMIN</c> when the instances run.
/// </summary>
public sealed class LinuxVrrpPlatform : IVrrpPlatform
{
    private readonly TimeProvider? _timeProvider;

    /// <summary>Initializes the platform.</summary>
    /// <param name="timeProvider">
    /// The clock of every instance, or <see langword="null"/> for the system clock with timers on a dedicated thread
    /// (a <see cref="Vrrp.Timing.DedicatedThreadTimeProvider"/>, so thread-pool starvation cannot delay a master-down
    /// timer, that sleeps sub-millisecond remainders with clock_nanosleep, so timers fire within microseconds).
    /// </param>
    public LinuxVrrpPlatform(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">
    /// A virtual address cannot be bound on Linux (an invalid device name, a label that does not start with the
    /// interface name, a bad scope or broadcast address); the message lists every problem, one per line, each naming
    /// the instance. Checked here, at host start, so that nothing opens a socket for a configuration that cannot run.
    /// </exception>
    public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, ILogger logger) =>
        Create(settings, announcement, null, logger);

    /// <inheritdoc/>
    /// <remarks>
    /// The raw-socket transport, the link monitor and the start-up removal of stale addresses stay as they are; the
    /// rtnetlink (or VMAC) binder is opened as usual and handed to <paramref name="binder"/>, whose result binds the
    /// addresses. A binder that does not call it leaves the addresses off this host's interfaces.
    /// </remarks>
    /// <exception cref="ArgumentException">A virtual address cannot be bound on Linux (see the other overload).</exception>
    public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, Func<IVipBinder, IVipBinder> binder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(binder);
        return Create(settings, announcement, binder, logger);
    }

    private LinuxVrrpInstanceRunner Create(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, Func<IVipBinder, IVipBinder>? binder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(announcement);

        string[] problems = [.. settings.VirtualAddresses.SelectMany(vip => LinuxVipBinder.Validate(vip, settings.InterfaceName ?? string.Empty)).Select(p => $"vrrp_instance {settings.Name}: {p}")];
        if (problems.Length > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }

        return new LinuxVrrpInstanceRunner(settings, new LinuxAnnouncementOptions { Schedule = announcement }, _timeProvider, logger)
        {
            VirtualMac = announcement.UseVirtualMac
                ? new LinuxVirtualMacOptions { InterfaceName = announcement.VirtualMacInterfaceName, TransmitOnBase = announcement.VirtualMacTransmitBase }
                : null,
            UseVipLease = announcement.UseVipLease,
            VipLeaseDuration = announcement.VipLeaseDuration,
            Binder = binder,
        };
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Realtime scheduling goes to the timer thread (of the default provider, or of a
    /// <see cref="Vrrp.Timing.DedicatedThreadTimeProvider"/> given to the constructor) and to the advert receive
    /// threads, each setting it on itself; RLIMIT_RTTIME and mlockall are the process's. Returns once the timer thread
    /// has its policy.
    /// </remarks>
    public void ApplyScheduling(VrrpSchedulingSettings scheduling, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(scheduling);
        ArgumentNullException.ThrowIfNull(logger);
        RealtimeScheduling.Configure(scheduling, logger);
        if (scheduling.RealtimePriority is null || (_timeProvider ?? LinuxTimers.Shared) is not DedicatedThreadTimeProvider timers)
        {
            return;
        }

        // Core knows nothing of Linux scheduling: the timer thread sets its own policy, from a one-shot timer.
        using var applied = new ManualResetEventSlim();
        using ITimer once = timers.CreateTimer(_ =>
        {
            RealtimeScheduling.ApplyToCurrentThread();
            applied.Set();
        }, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        applied.Wait(TimeSpan.FromSeconds(5));
    }

    /// <inheritdoc/>
    public async Task WatchInterfacesAsync(IReadOnlyCollection<string> interfaceNames, Action<string, bool> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interfaceNames);
        ArgumentNullException.ThrowIfNull(report);
        using LinuxLinkMonitor monitor = LinuxLinkMonitor.Open(interfaceNames);
        var names = new HashSet<string>(interfaceNames, StringComparer.Ordinal);
        foreach (string name in names)
        {
            // A tracked interface that does not exist is down, as keepalived sees it.
            report(name, monitor.FindLink(name)?.IsUp ?? false);
        }

        while (true)
        {
            LinkEvent change = await monitor.ReadEventAsync(cancellationToken).ConfigureAwait(false);
            if (change.Kind == LinkEventKind.Resynchronized)
            {
                foreach (string name in names)
                {
                    report(name, monitor.FindLink(name)?.IsUp ?? false);
                }
            }
            else if (names.Contains(change.InterfaceName) && change.Kind is LinkEventKind.Up or LinkEventKind.Down or LinkEventKind.Added or LinkEventKind.Removed)
            {
                report(change.InterfaceName, change.Kind != LinkEventKind.Removed && (monitor.FindLink(change.InterfaceName)?.IsUp ?? false));
            }
        }
    }
}

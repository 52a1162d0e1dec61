using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Platform;
using Vrrp.Instances;
using Vrrp.Linux;

namespace Vrrp.Cli.Hosting;

/// <summary>
/// Plugs Vrrp.Linux into the host: one <see cref="LinuxVrrpInstanceRunner"/> per instance (raw sockets, rtnetlink
/// binder, GARP/NA, its own link monitor), and an rtnetlink link monitor for <c>track_interface</c>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LinuxVrrpPlatform(TimeProvider timeProvider) : IVrrpPlatform
{
    public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(announcement);

        // Checked here, at host start, so that a bad label or device fails before any instance opens a socket.
        string[] problems = [.. settings.VirtualAddresses.SelectMany(vip => LinuxVipBinder.Validate(vip, settings.InterfaceName ?? string.Empty)).Select(p => $"vrrp_instance {settings.Name}: {p}")];
        if (problems.Length > 0)
        {
            throw new VrrpConfigurationException(problems);
        }

        var options = new LinuxAnnouncementOptions
        {
            Delay = announcement.Delay,
            Repeat = announcement.Repeat,
            RefreshInterval = announcement.RefreshInterval,
            RefreshRepeat = announcement.RefreshRepeat,
            Interval = announcement.Interval,
        };
        return new Runner(new LinuxVrrpInstanceRunner(settings, options, timeProvider, logger));
    }

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

    private sealed class Runner(LinuxVrrpInstanceRunner inner) : IVrrpInstanceRunner
    {
        public event EventHandler<VrrpStateChangedEventArgs>? StateChanged
        {
            add => inner.StateChanged += value;
            remove => inner.StateChanged -= value;
        }

        public VrrpInstance? Instance => inner.Instance;

        public Task RunAsync(CancellationToken stoppingToken) => inner.RunAsync(stoppingToken);
    }
}

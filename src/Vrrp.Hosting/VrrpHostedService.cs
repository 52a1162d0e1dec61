using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vrrp.Diagnostics;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Health;
using Vrrp.Hosting.Notifications;
using Vrrp.Hosting.Tracking;
using Vrrp.Instances;
using Vrrp.Platform;
using Vrrp.Tracking;

namespace Vrrp.Hosting;

/// <summary>
/// Runs every configured instance for the life of the host. Start reads and maps the configuration (errors fail the
/// start before anything is opened), creates one runner per instance through the platform, and joins sync groups;
/// then the runners run, <c>vrrp_script</c>s and tracked health checks are polled into the instances' tracking
/// policy, tracked interfaces are watched, and every state change is logged on one line, published on
/// <see cref="VrrpInstanceRegistry"/> and handed to the notify hooks. Shutdown stops every instance cleanly (a master
/// advertises priority 0 and releases its addresses) and waits for the queued notify hooks, <c>notify_stop</c> included.
/// </summary>
internal sealed class VrrpHostedService : BackgroundService
{
    private readonly VrrpConfigurationLoader _loader;
    private readonly VrrpInstanceRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly VrrpHostingOptions _options;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly VrrpNotifier _notifier;
    private readonly List<HostedInstance> _instances = [];
    private readonly List<IDisposable> _metricRegistrations = [];
    private readonly VrrpMetrics? _metrics;
    private readonly List<HealthCheckPollerPlan> _pollerPlans = [];
    private readonly Dictionary<string, bool> _interfaceStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VrrpSyncGroup?> _syncGroups = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private VrrpHostPlan? _plan;
    private SyncGroupNotifier? _groupNotifier;
    private VrrpTrackers? _trackers;

    public VrrpHostedService(VrrpConfigurationLoader loader, VrrpInstanceRegistry registry, IServiceProvider services, IOptions<VrrpHostingOptions> options, ILoggerFactory loggerFactory)
    {
        _loader = loader;
        _registry = registry;
        _services = services;
        _options = options.Value;
        _lifetime = services.GetService<IHostApplicationLifetime>();
        _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger("Vrrp");
        _notifier = new VrrpNotifier(_logger, _options.NotifyTimeout);
        _metrics = services.GetService<VrrpMetrics>();
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _plan = _loader.Load(out IReadOnlyList<string> warnings);
        _notifier.RunAs = _plan.ScriptRunAs;
        _groupNotifier = new SyncGroupNotifier(_notifier, _plan.SyncGroups, _plan.SyncGroupNotify, _timeProvider);
        foreach (string warning in warnings)
        {
            _logger.ConfigurationWarning(warning);
        }

        IVrrpPlatform platform = _services.GetService<IVrrpPlatform>()
            ?? throw new InvalidOperationException("No VRRP platform is registered: call AddVrrp().UsePlatform(...) (the vrrp command plugs in Linux).");
        var trackings = _services.GetServices<VrrpHealthCheckTracking>().ToList();
        var errors = new List<string>();
        _pollerPlans.AddRange(HealthCheckPlanner.Plan(_plan, trackings, _services, errors));
        if (errors.Count > 0)
        {
            throw new VrrpConfigurationException(errors);
        }

        foreach (VrrpInstancePlan plan in _plan.Instances)
        {
            VrrpInstanceSettings settings = plan.Settings;
            List<VrrpTrackedItem> extra = [.. trackings.Where(t => t.InstanceName == plan.Name).Select(t => t.ToTrackedItem())];
            if (extra.Count > 0)
            {
                settings = settings with { TrackedItems = [.. settings.TrackedItems, .. extra] };
                settings.ThrowIfInvalid();
            }

            IVrrpInstanceRunner runner;
            try
            {
                VrrpAnnouncementSettings announcement = plan.Announcement with
                {
                    NeighborAdvertisementRouterFlag = _options.NeighborAdvertisementRouterFlag ?? plan.Announcement.NeighborAdvertisementRouterFlag,
                    UseVipLease = _options.UseVipLease || plan.Announcement.UseVipLease,
                    VipLeaseDuration = _options.VipLeaseDuration ?? plan.Announcement.VipLeaseDuration,
                };
                runner = platform.CreateRunner(settings, announcement, _logger);
            }
            catch (ArgumentException ex)
            {
                // The platform rejects what it cannot apply (IVrrpPlatform.CreateRunner): a configuration error, reported as one.
                throw new VrrpConfigurationException(ex.Message.Split(Environment.NewLine));
            }

            var hosted = new HostedInstance(plan with { Settings = settings }, runner);
            runner.StateChanged += (sender, e) => OnStateChanged(hosted, e);
            if (_metrics is not null)
            {
                _metricRegistrations.Add(_metrics.Register(runner));
            }

            _instances.Add(hosted);
            _registry.Add(plan.Name, runner);
        }

        foreach (string group in _plan.SyncGroups.Keys)
        {
            _syncGroups[group] = null;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        foreach (IDisposable registration in _metricRegistrations)
        {
            registration.Dispose();
        }

        _notifier.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pollers = new List<HealthCheckPoller>();
        Task watcher = Task.CompletedTask;
        try
        {
            foreach (HostedInstance hosted in _instances)
            {
                VrrpInstanceSettings s = hosted.Plan.Settings;
                _logger.InstanceStarting(s.Name, s.InterfaceName, s.VirtualRouterId, s.Priority, (int)s.Version, s.UnicastPeers.Count > 0 ? "unicast" : "multicast", string.Join(' ', s.VirtualAddresses));
            }

            TryCreateSyncGroups();
            Task[] runs = [.. _instances.Select(hosted => RunInstanceAsync(hosted, running))];
            watcher = WatchInterfacesAsync(running.Token);
            foreach (HealthCheckPollerPlan plan in _pollerPlans)
            {
                var poller = new HealthCheckPoller(plan.Name, plan.Check, plan.Interval, plan.Timeout, _timeProvider, healthy => Report(plan.Targets, healthy), _logger);
                pollers.Add(poller);
                poller.Start();
            }

            _trackers = VrrpTrackers.Start(_plan!, _registry.Find, _timeProvider, _logger);

            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        finally
        {
            await running.CancelAsync().ConfigureAwait(false);
            _trackers?.Dispose();
            foreach (HealthCheckPoller poller in pollers)
            {
                await poller.DisposeAsync().ConfigureAwait(false);
            }

            await watcher.ConfigureAwait(false);
            lock (_lock)
            {
                foreach (VrrpSyncGroup? group in _syncGroups.Values)
                {
                    group?.Dispose();
                }
            }

            if (!await _notifier.DrainAsync(_options.NotifyDrainTimeout).ConfigureAwait(false))
            {
                _logger.NotifyDrainTimedOut(_options.NotifyDrainTimeout.TotalSeconds);
            }

            _registry.CompleteWatchers();
            _logger.Stopped();
        }
    }

    private async Task RunInstanceAsync(HostedInstance hosted, CancellationTokenSource running)
    {
        try
        {
            await hosted.Runner.RunAsync(running.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // One instance cannot run (missing capability, network failure): stop them all and the application, as
            // keepalived exits when it cannot set up; the failure is kept for the exit code.
            lock (_lock)
            {
                _registry.Failure ??= ex;
            }

            _logger.HostFailed(ex, $"{hosted.Plan.Name}: {ex.Message}");
            await running.CancelAsync().ConfigureAwait(false);
            _lifetime?.StopApplication();
        }
    }

    private void OnStateChanged(HostedInstance hosted, VrrpStateChangedEventArgs e)
    {
        long sequence = Interlocked.Increment(ref hosted.Sequence);
        var change = new VrrpStateChange(sequence, e.InstanceName, e.From, e.To, e.Reason, e.Priority, e.Explanation, _timeProvider.GetUtcNow());
        _logger.StateChanged(e.InstanceName, e.From.ToString(), e.To.ToString(), e.Reason.ToString(), e.Priority, e.Explanation);
        _notifier.Enqueue(hosted.Plan.Notify, change);
        _groupNotifier?.OnStateChanged(change);
        _registry.Publish(hosted.Runner.Instance, change);
        if (sequence == 1)
        {
            // The instance exists now (a platform may have waited for its interface): tell it what is already known.
            VrrpInstance? instance = hosted.Runner.Instance;
            lock (_lock)
            {
                foreach (TrackedInterface tracked in hosted.Plan.TrackedInterfaces)
                {
                    if (_interfaceStates.TryGetValue(tracked.InterfaceName, out bool up) && !up)
                    {
                        instance?.ReportTrackedItem(tracked.ItemName, up);
                    }
                }
            }

            _trackers?.Replay(e.InstanceName);
            if (hosted.Plan.SyncGroup is not null)
            {
                // Not on the instance's loop: joining posts to the other members.
                ThreadPool.QueueUserWorkItem(_ => TryCreateSyncGroups());
            }
        }
    }

    private void TryCreateSyncGroups()
    {
        if (_plan is null)
        {
            return;
        }

        lock (_lock)
        {
            foreach ((string name, IReadOnlyList<string> members) in _plan.SyncGroups)
            {
                if (_syncGroups[name] is not null || members.Count == 0)
                {
                    continue;
                }

                var instances = new List<VrrpInstance>(members.Count);
                foreach (string member in members)
                {
                    if (_registry.Find(member) is { } instance)
                    {
                        instances.Add(instance);
                    }
                }

                if (instances.Count == members.Count)
                {
                    _syncGroups[name] = new VrrpSyncGroup(name, instances);
                }
            }
        }
    }

    private async Task WatchInterfacesAsync(CancellationToken cancellationToken)
    {
        string[] names = [.. _instances.SelectMany(h => h.Plan.TrackedInterfaces).Select(t => t.InterfaceName).Distinct(StringComparer.Ordinal)];
        if (names.Length == 0)
        {
            return;
        }

        IVrrpPlatform platform = _services.GetRequiredService<IVrrpPlatform>();
        try
        {
            await platform.WatchInterfacesAsync(names, OnInterfaceState, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void OnInterfaceState(string interfaceName, bool up)
    {
        lock (_lock)
        {
            _interfaceStates[interfaceName] = up;
        }

        foreach (HostedInstance hosted in _instances)
        {
            foreach (TrackedInterface tracked in hosted.Plan.TrackedInterfaces)
            {
                if (tracked.InterfaceName == interfaceName)
                {
                    hosted.Runner.Instance?.ReportTrackedItem(tracked.ItemName, up);
                }
            }
        }
    }

    private void Report(IReadOnlyList<(string Instance, string Item)> targets, bool healthy)
    {
        foreach ((string instance, string item) in targets)
        {
            _registry.Find(instance)?.ReportTrackedItem(item, healthy);
        }
    }

    private sealed class HostedInstance(VrrpInstancePlan plan, IVrrpInstanceRunner runner)
    {
        public long Sequence;

        public VrrpInstancePlan Plan { get; } = plan;

        public IVrrpInstanceRunner Runner { get; } = runner;
    }

}

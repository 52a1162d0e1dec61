using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vrrp.Diagnostics;
using Vrrp.Hosting.Binding;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Control;
using Vrrp.Hosting.Health;
using Vrrp.Hosting.Notifications;
using Vrrp.Hosting.Tracking;
using Vrrp.Instances;
using Vrrp.Platform;

namespace Vrrp.Hosting;

/// <summary>
/// Runs every configured instance for the life of the host. Start reads and maps the configuration (errors fail the
/// start before anything is opened), creates one runner per instance through the platform, and joins sync groups;
/// then the runners run, <c>vrrp_script</c>s and tracked health checks are polled into the instances' tracking
/// policy, tracked interfaces are watched, and every state change is logged on one line, published on
/// <see cref="VrrpInstanceRegistry"/> and handed to the notify hooks. Each instance has its own run task, so a reload
/// (<see cref="VrrpHostController"/>) stops, starts or updates one instance alone. Shutdown stops every instance cleanly
/// (a master advertises priority 0 and releases its addresses) and waits for the queued notify hooks, <c>notify_stop</c> included.
/// </summary>
internal sealed partial class VrrpHostedService : BackgroundService
{
    private readonly VrrpConfigurationLoader _loader;
    private readonly VrrpInstanceRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly VrrpHostingOptions _options;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly VrrpNotifier _notifier;
    private readonly VrrpMetrics? _metrics;
    private readonly VrrpBindingMetrics? _bindingMetrics;
    private readonly VrrpHostController? _controller;
    private readonly List<HostedInstance> _instances = [];
    private readonly Dictionary<string, VrrpSyncGroup?> _syncGroups = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    // Held from construction until every instance has started, by each reload while it applies, and by shutdown.
    private readonly SemaphoreSlim _applyGate = new(0, 1);
    private readonly CancellationTokenSource _running = new();
    private List<HealthCheckPollerPlan> _pollerPlans = [];
    private VrrpHostPlan? _plan;
    private SyncGroupNotifier? _groupNotifier;
    private VrrpTrackers? _trackers;
    private string _trackerFingerprint = string.Empty;
    private bool _stopped;

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
        _bindingMetrics = _metrics is null ? null : new VrrpBindingMetrics(_metrics.Meter);
        _controller = services.GetService<VrrpHostController>();
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        VrrpHostPlan loaded = _loader.Load(out IReadOnlyList<string> warnings);
        foreach (string warning in warnings)
        {
            _logger.ConfigurationWarning(warning);
        }

        var errors = new List<string>();
        (VrrpHostPlan plan, List<HealthCheckPollerPlan> pollers) = Prepare(loaded, errors);
        List<HostedInstance> created = errors.Count == 0 ? CreateInstances(plan.Instances, errors) : [];
        if (errors.Count > 0)
        {
            throw new VrrpConfigurationException(errors);
        }

        // Before the first instance runs, so its receive threads start with the settings; a reload keeps them, as keepalived's does.
        _services.GetService<IVrrpPlatform>()?.ApplyScheduling(plan.Scheduling, _logger);
        _plan = plan;
        _pollerPlans = pollers;
        UseScriptAndGroupSettings(plan);
        foreach (HostedInstance hosted in created)
        {
            Register(hosted);
        }

        foreach (string group in _plan.SyncGroups.Keys)
        {
            _syncGroups[group] = null;
        }

        _controller?.Attach(this);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        foreach (HostedInstance hosted in Snapshot())
        {
            hosted.Metrics?.Dispose();
        }

        _controller?.Detach(this);
        _notifier.Dispose();
        _running.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using CancellationTokenRegistration stopping = stoppingToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _running);

        // SIGTERM (ConsoleLifetime, systemd) calls StopApplication on the signal's own thread: the instances stop there,
        // so masters send their priority-0 adverts at once, not after the host's shutdown sequence reaches this
        // service (10-30 ms later under the JIT, docs/failover.md). The shutdown below then waits for them as before.
        using CancellationTokenRegistration early = _lifetime?.ApplicationStopping.UnsafeRegister(static s => ((VrrpHostedService)s!).StopInstancesNow(), this) ?? default;
        try
        {
            // Groups form before their members start, so that their first transitions obey them.
            TryCreateSyncGroups();
            foreach (HostedInstance hosted in Snapshot())
            {
                StartInstance(hosted);
            }

            UpdateInterfaceWatcher();
            UpdatePollers(_pollerPlans, null);
            UpdateTrackers();
            _applyGate.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, _running.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_running.IsCancellationRequested)
        {
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts every instance's stop on the calling thread and returns; the host's shutdown waits for them.</summary>
    internal void StopInstancesNow()
    {
        foreach (HostedInstance hosted in Snapshot())
        {
            hosted.RequestStop();
        }
    }

    private async Task StopAllAsync()
    {
        // Waits for a reload that is applying, then refuses the next ones.
        await _applyGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _stopped = true;
        _applyGate.Release();
        await _running.CancelAsync().ConfigureAwait(false);
        await StopPollersAsync().ConfigureAwait(false);
        _trackers?.Dispose();
        await StopInterfaceWatcherAsync().ConfigureAwait(false);
        await Task.WhenAll(Snapshot().Select(h => h.StopAsync())).ConfigureAwait(false);
        lock (_lock)
        {
            foreach (VrrpSyncGroup? group in _syncGroups.Values)
            {
                group?.Dispose();
            }

            _syncGroups.Clear();
        }

        if (!await _notifier.DrainAsync(_options.NotifyDrainTimeout).ConfigureAwait(false))
        {
            _logger.NotifyDrainTimedOut(_options.NotifyDrainTimeout.TotalSeconds);
        }

        _registry.CompleteWatchers();
        _logger.Stopped();
    }

    private void StartInstance(HostedInstance hosted)
    {
        VrrpInstanceSettings s = hosted.Plan.Settings;
        _logger.InstanceStarting(s.Name, s.InterfaceName, s.VirtualRouterId, s.Priority, (int)s.Version, s.UnicastPeers.Count > 0 ? "unicast" : "multicast", string.Join(' ', s.VirtualAddresses));
        ApplyMaintenance(hosted);
        hosted.Start(RunInstanceAsync, _running.Token);
    }

    private async Task RunInstanceAsync(HostedInstance hosted)
    {
        CancellationToken stopping = hosted.Stopping!.Token;
        try
        {
            await hosted.Runner.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
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

            _logger.HostFailed(ex, $"{hosted.Name}: {ex.Message}");
            await _running.CancelAsync().ConfigureAwait(false);
            _lifetime?.StopApplication();
        }
    }

    private List<HostedInstance> Snapshot()
    {
        lock (_lock)
        {
            return [.. _instances];
        }
    }

    private HostedInstance? FindHosted(string name)
    {
        lock (_lock)
        {
            return _instances.Find(h => h.Name == name);
        }
    }
}

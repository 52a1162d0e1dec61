using Microsoft.Extensions.DependencyInjection;
using Vrrp.Config.Options;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Control;
using Vrrp.Hosting.Health;
using Vrrp.Hosting.Notifications;
using Vrrp.Hosting.Tracking;
using Vrrp.Platform;

namespace Vrrp.Hosting;

// Health-check pollers and tracked-interface watching, which follow the instances a reload adds and removes without
// restarting the checks that did not change.
internal sealed partial class VrrpHostedService
{
    private readonly Dictionary<string, PollerEntry> _pollers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _interfaceStates = new(StringComparer.Ordinal);
    private HashSet<string> _watchedInterfaces = new(StringComparer.Ordinal);
    private CancellationTokenSource? _watching;
    private Task _watcher = Task.CompletedTask;

    /// <summary>
    /// Runs the pollers of <paramref name="plans"/>: one whose <c>vrrp_script</c> did not change (compared with
    /// <paramref name="oldScripts"/>) keeps running with its new targets; the others start, and those not planned stop.
    /// </summary>
    private void UpdatePollers(List<HealthCheckPollerPlan> plans, IReadOnlyDictionary<string, VrrpScriptOptions>? oldScripts)
    {
        var stale = new List<HealthCheckPoller>();
        var started = new List<HealthCheckPoller>();
        lock (_lock)
        {
            var planned = new HashSet<string>(StringComparer.Ordinal);
            foreach (HealthCheckPollerPlan plan in plans)
            {
                planned.Add(plan.Name);
                if (_pollers.TryGetValue(plan.Name, out PollerEntry? entry) && SameCheck(plan.Name, oldScripts))
                {
                    entry.Targets = plan.Targets;
                    continue;
                }

                if (entry is not null)
                {
                    stale.Add(entry.Poller);
                }

                var fresh = new PollerEntry(plan.Targets);
                fresh.Poller = new HealthCheckPoller(plan.Name, plan.Check, plan.Interval, plan.Timeout, _timeProvider, healthy => Report(fresh.Targets, healthy), _logger);
                _pollers[plan.Name] = fresh;
                started.Add(fresh.Poller);
            }

            foreach (string name in _pollers.Keys.Where(n => !planned.Contains(n)).ToList())
            {
                stale.Add(_pollers[name].Poller);
                _pollers.Remove(name);
            }
        }

        foreach (HealthCheckPoller poller in stale)
        {
            // Not awaited: a script being killed must not hold the reload up.
            _ = poller.DisposeAsync().AsTask();
        }

        foreach (HealthCheckPoller poller in started)
        {
            poller.Start();
        }
    }

    private bool SameCheck(string name, IReadOnlyDictionary<string, VrrpScriptOptions>? oldScripts)
    {
        if (oldScripts is null)
        {
            return false;
        }

        if (!_plan!.Scripts.TryGetValue(name, out VrrpScriptOptions? next))
        {
            // A registered health check tracking: defined in code, unchanged by a reload.
            return true;
        }

        return oldScripts.TryGetValue(name, out VrrpScriptOptions? old) && VrrpReloadPlanner.SameScript(old, next);
    }

    private async Task StopPollersAsync()
    {
        List<HealthCheckPoller> pollers;
        lock (_lock)
        {
            pollers = [.. _pollers.Values.Select(p => p.Poller)];
            _pollers.Clear();
        }

        foreach (HealthCheckPoller poller in pollers)
        {
            await poller.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Report(IReadOnlyList<(string Instance, string Item)> targets, bool healthy)
    {
        foreach ((string instance, string item) in targets)
        {
            _registry.Find(instance)?.ReportTrackedItem(item, healthy);
        }
    }

    /// <summary>Tells an instance that now exists the last known state of its tracked interfaces and checks.</summary>
    private void ReplayTracking(HostedInstance hosted)
    {
        var known = new List<(string Item, bool Up)>();
        lock (_lock)
        {
            foreach (TrackedInterface tracked in hosted.Plan.TrackedInterfaces)
            {
                if (_interfaceStates.TryGetValue(tracked.InterfaceName, out bool up) && !up)
                {
                    known.Add((tracked.ItemName, up));
                }
            }

            foreach (PollerEntry entry in _pollers.Values)
            {
                if (entry.Poller.LastHealthy is { } healthy)
                {
                    known.AddRange(entry.Targets.Where(t => t.Instance == hosted.Name).Select(t => (t.Item, healthy)));
                }
            }
        }

        foreach ((string item, bool up) in known)
        {
            hosted.Runner.Instance?.ReportTrackedItem(item, up);
        }
    }

    /// <summary>Watches the tracked interfaces of the current instances; restarts the watch only when that set changed.</summary>
    private void UpdateInterfaceWatcher()
    {
        HashSet<string> names = [.. Snapshot().SelectMany(h => h.Plan.TrackedInterfaces).Select(t => t.InterfaceName)];
        if (names.SetEquals(_watchedInterfaces) && _watching is not null)
        {
            return;
        }

        _watching?.Cancel();
        _watchedInterfaces = names;
        _watching = CancellationTokenSource.CreateLinkedTokenSource(_running.Token);
        Task previous = _watcher;
        _watcher = names.Count == 0 ? Task.CompletedTask : WatchInterfacesAsync(previous, [.. names], _watching.Token);
    }

    private async Task StopInterfaceWatcherAsync()
    {
        _watching?.Cancel();
        await _watcher.ConfigureAwait(false);
    }

    private async Task WatchInterfacesAsync(Task previous, string[] names, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(false);
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

        foreach (HostedInstance hosted in Snapshot())
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

    /// <summary>A running poller and the tracked items its result feeds (replaced by a reload).</summary>
    private sealed class PollerEntry(IReadOnlyList<(string Instance, string Item)> targets)
    {
        public IReadOnlyList<(string Instance, string Item)> Targets { get; set; } = targets;

        public HealthCheckPoller Poller { get; set; } = null!;
    }

    /// <summary>Scripts run as the plan's user; sync groups' own notify hooks follow the plan (at start and after a reload).</summary>
    private void UseScriptAndGroupSettings(VrrpHostPlan plan)
    {
        _notifier.RunAs = plan.ScriptRunAs;
        _groupNotifier = new SyncGroupNotifier(_notifier, plan.SyncGroups, plan.SyncGroupNotify, _timeProvider);
    }

    /// <summary>Starts the file and process trackers of the plan, or restarts them when a reload changed them.</summary>
    private void UpdateTrackers()
    {
        string fingerprint = TrackerFingerprint.Of(_plan!);
        if (_trackers is not null && fingerprint == _trackerFingerprint)
        {
            return;
        }

        VrrpTrackers? old = _trackers;
        _trackers = VrrpTrackers.Start(_plan!, _registry.Find, _timeProvider, _logger);
        _trackerFingerprint = fingerprint;
        old?.Dispose();
    }
}

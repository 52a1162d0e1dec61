using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Control;
using Vrrp.Hosting.Health;
using Vrrp.Instances;

namespace Vrrp.Hosting;

// Reload: read the configuration again, plan against the running one, and apply only the difference. Maintenance.
internal sealed partial class VrrpHostedService
{
    private string? _reloadPath;

    /// <summary>Gets the names of the running instances, in configuration order.</summary>
    internal IReadOnlyList<string> InstanceNames => [.. Snapshot().Select(h => h.Name)];

    /// <summary>
    /// Reads the configuration (<paramref name="path"/>, else the running file or options), plans, and unless
    /// <paramref name="dryRun"/> applies the plan. A configuration that fails to read, validate or be accepted by the
    /// platform changes nothing: the result carries the errors. Waits for the start to finish and for another reload.
    /// </summary>
    internal async Task<VrrpReloadResult> ReloadAsync(string? path, bool dryRun, CancellationToken cancellationToken)
    {
        DateTimeOffset at = _timeProvider.GetUtcNow();
        await _applyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped || _plan is null)
            {
                return Refuse(at, dryRun, ["the VRRP host is stopping; nothing was reloaded."]);
            }

            string? source = path ?? _reloadPath;
            _logger.Reloading(dryRun ? "Planning a reload" : "Reloading", source ?? _services.GetService<KeepalivedConfigSource>()?.Path ?? "the configuration options");
            var errors = new List<string>();
            VrrpHostPlan? loaded = Read(source, errors);
            if (loaded is null)
            {
                return Refuse(at, dryRun, errors);
            }

            (VrrpHostPlan next, List<HealthCheckPollerPlan> pollers) = Prepare(loaded, errors);
            if (errors.Count > 0)
            {
                return Refuse(at, dryRun, errors);
            }

            List<VrrpReloadAction> actions = [.. VrrpReloadPlanner.Plan(_plan, next).Select(WaitingForInterface)];
            if (dryRun)
            {
                return new VrrpReloadResult { At = at, DryRun = true, Actions = actions };
            }

            // Runners are created (nothing opened yet) before anything stops, so a refusal leaves everything as it was.
            HashSet<string> starting = [.. actions.Where(a => a.Target == VrrpReloadPlanner.InstanceTarget && a.Kind is VrrpReloadActionKind.Add or VrrpReloadActionKind.Restart).Select(a => a.Name)];
            List<HostedInstance> created = CreateInstances(next.Instances.Where(i => starting.Contains(i.Name)), errors);
            if (errors.Count > 0)
            {
                return Refuse(at, dryRun, errors);
            }

            if (path is not null)
            {
                _reloadPath = path;
            }

            try
            {
                await ApplyAsync(next, pollers, actions, created, errors).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The daemon must outlive a reload that went wrong half way; what ran is logged per action above.
                _logger.ReloadFailed(ex, ex.Message);
                errors.Add($"the reload failed part way: {ex.Message}");
            }

            _logger.Reloaded(Count(actions, VrrpReloadActionKind.Keep), Count(actions, VrrpReloadActionKind.Update), Count(actions, VrrpReloadActionKind.Restart), Count(actions, VrrpReloadActionKind.Add), Count(actions, VrrpReloadActionKind.Remove), errors.Count);
            return new VrrpReloadResult { At = at, Actions = actions, Errors = errors };
        }
        finally
        {
            _applyGate.Release();
        }
    }

    /// <summary>Puts one instance (or all) in or out of maintenance now; the controller remembers the choice for later starts.</summary>
    internal void SetMaintenance(string? name, bool on)
    {
        foreach (HostedInstance hosted in Snapshot())
        {
            if (name is not null && hosted.Name != name)
            {
                continue;
            }

            _logger.MaintenanceChanged(hosted.Name, on ? "on" : "off");
            if (hosted.Runner.Instance is { } instance && instance.IsInMaintenance != on)
            {
                instance.SetMaintenance(on);
            }
        }
    }

    private VrrpHostPlan? Read(string? source, List<string> errors)
    {
        try
        {
            VrrpHostPlan loaded = _loader.Load(source, out IReadOnlyList<string> warnings);
            foreach (string warning in warnings)
            {
                _logger.ConfigurationWarning(warning);
            }

            return loaded;
        }
        catch (VrrpConfigurationException ex)
        {
            errors.AddRange(ex.Errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{source}: {ex.Message}");
        }

        return null;
    }

    private VrrpReloadResult Refuse(DateTimeOffset at, bool dryRun, List<string> errors)
    {
        foreach (string error in errors)
        {
            _logger.ReloadRefused(error);
        }

        return new VrrpReloadResult { At = at, DryRun = dryRun, Errors = errors };
    }

    private async Task ApplyAsync(VrrpHostPlan next, List<HealthCheckPollerPlan> pollers, List<VrrpReloadAction> actions, List<HostedInstance> created, List<string> errors)
    {
        VrrpHostPlan running = _plan!;
        foreach (VrrpReloadAction action in actions)
        {
            string details = action.Details.Count == 0 ? string.Empty : ": " + string.Join("; ", action.Details);
            string kind = action.Kind.ToString();
            _logger.ReloadAction(action.Kind == VrrpReloadActionKind.Keep ? LogLevel.Debug : LogLevel.Information, action.Target, action.Name, kind, details);
        }

        // Groups whose membership changes are taken apart first, so no member follows a group that is going away.
        lock (_lock)
        {
            foreach (VrrpReloadAction action in actions.Where(a => a.Target == VrrpReloadPlanner.SyncGroupTarget && a.Kind is VrrpReloadActionKind.Remove or VrrpReloadActionKind.Update))
            {
                if (_syncGroups.Remove(action.Name, out VrrpSyncGroup? group))
                {
                    group?.Dispose();
                }
            }
        }

        // Removed and restarting instances stop (priority 0 when master, addresses released) before anything binds.
        List<HostedInstance> stopping = [.. actions.Where(a => a.Target == VrrpReloadPlanner.InstanceTarget && a.Kind is VrrpReloadActionKind.Remove or VrrpReloadActionKind.Restart).Select(a => FindHosted(a.Name)).OfType<HostedInstance>()];
        await Task.WhenAll(stopping.Select(h => h.StopAsync())).ConfigureAwait(false);
        foreach (HostedInstance hosted in stopping)
        {
            if (actions.Exists(a => a.Target == VrrpReloadPlanner.InstanceTarget && a.Name == hosted.Name && a.Kind == VrrpReloadActionKind.Remove))
            {
                Unregister(hosted);
            }
        }

        foreach (VrrpInstancePlan plan in next.Instances)
        {
            if (FindHosted(plan.Name) is { } hosted && !created.Exists(h => h.Name == plan.Name))
            {
                await UpdateAsync(hosted, plan, errors).ConfigureAwait(false);
            }
        }

        foreach (HostedInstance hosted in created)
        {
            Register(hosted);
        }

        lock (_lock)
        {
            // What now runs: an instance whose update failed keeps its old plan.
            _plan = next with { Instances = [.. next.Instances.Select(p => _instances.Find(h => h.Name == p.Name)?.Plan ?? p)] };
            foreach (string group in next.SyncGroups.Keys)
            {
                _syncGroups.TryAdd(group, null);
            }
        }

        TryCreateSyncGroups();
        foreach (HostedInstance hosted in created)
        {
            StartInstance(hosted);
        }

        UpdatePollers(pollers, running.Scripts);
        _pollerPlans = pollers;
        UseScriptAndGroupSettings(_plan!);
        UpdateTrackers();
        UpdateInterfaceWatcher();
    }

    /// <summary>Applies an Update (or nothing, for Keep) to a running instance: the instance changes live, the host swaps its plan.</summary>
    private async Task UpdateAsync(HostedInstance hosted, VrrpInstancePlan plan, List<string> errors)
    {
        VrrpSettingsDiff diff = VrrpSettingsDiff.Compare(hosted.Plan.Settings, plan.Settings);
        if (!diff.IsEmpty && hosted.Runner.Instance is { } instance)
        {
            try
            {
                // The platform may have resolved the primary address (an unchanged setting, or this would be a restart);
                // a runner that adapts the settings (etcd) maps the new ones as it mapped the first.
                await instance.ApplySettingsAsync(hosted.Runner.ToInstanceSettings(plan.Settings) with { PrimaryAddress = instance.Settings.PrimaryAddress }).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // It keeps running as it was (and its old plan, so the next reload tries again); the others go on.
                errors.Add($"{plan.Name}: {ex.Message}");
                _logger.ReloadRefused($"{plan.Name}: {ex.Message}");
                return;
            }
        }

        hosted.Plan = plan;
    }

    private void Unregister(HostedInstance hosted)
    {
        lock (_lock)
        {
            _instances.Remove(hosted);
        }

        _registry.Remove(hosted.Name, hosted.Runner);
    }

    /// <summary>An update to an instance whose runner has not created it yet (it waits for its interface) is a restart of that runner.</summary>
    private VrrpReloadAction WaitingForInterface(VrrpReloadAction action) =>
        action.Target == VrrpReloadPlanner.InstanceTarget && action.Kind == VrrpReloadActionKind.Update && FindHosted(action.Name)?.Runner.Instance is null
            ? action with { Kind = VrrpReloadActionKind.Restart, Details = [.. action.Details, "not running yet (waiting for its interface): its runner starts again"] }
            : action;

    private static int Count(List<VrrpReloadAction> actions, VrrpReloadActionKind kind) =>
        actions.Count(a => a.Target == VrrpReloadPlanner.InstanceTarget && a.Kind == kind);
}

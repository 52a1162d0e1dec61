using Microsoft.Extensions.DependencyInjection;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Validation;
using Vrrp.Hosting.Binding;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Health;
using Vrrp.Instances;
using Vrrp.Platform;
using Vrrp.Tracking;

namespace Vrrp.Hosting;

// Turning a plan into hosted instances, and what the host does when one of them changes state.
internal sealed partial class VrrpHostedService
{
    /// <summary>
    /// Makes the plan the host runs out of a loaded one: the registered health-check trackings join their instances'
    /// tracked items and the host's announcement settings apply, so that a reload compares like with like. Returns the pollers.
    /// </summary>
    private (VrrpHostPlan Plan, List<HealthCheckPollerPlan> Pollers) Prepare(VrrpHostPlan loaded, List<string> errors)
    {
        var trackings = _services.GetServices<VrrpHealthCheckTracking>().ToList();
        List<HealthCheckPollerPlan> pollers = HealthCheckPlanner.Plan(loaded, trackings, _services, errors);
        Dictionary<string, VrrpVipCommandOptions> commands = VipCommandsInCode(loaded, errors);
        var instances = new List<VrrpInstancePlan>(loaded.Instances.Count);
        foreach (VrrpInstancePlan plan in loaded.Instances)
        {
            VrrpInstanceSettings settings = plan.Settings;
            List<VrrpTrackedItem> extra = [.. trackings.Where(t => t.InstanceName == plan.Name).Select(t => t.ToTrackedItem())];
            if (extra.Count > 0)
            {
                settings = settings with { TrackedItems = [.. settings.TrackedItems, .. extra] };
                errors.AddRange(settings.Validate());
            }

            VrrpAnnouncementSettings announcement = plan.Announcement with
            {
                NeighborAdvertisementRouterFlag = _options.NeighborAdvertisementRouterFlag ?? plan.Announcement.NeighborAdvertisementRouterFlag,
                UseVipLease = _options.UseVipLease || plan.Announcement.UseVipLease,
                VipLeaseDuration = _options.VipLeaseDuration ?? plan.Announcement.VipLeaseDuration,
            };
            instances.Add(plan with { Settings = settings, Announcement = announcement, VipCommands = commands.GetValueOrDefault(plan.Name) ?? plan.VipCommands });
        }

        return (loaded with { Instances = instances }, pollers);
    }

    /// <summary>The VIP commands set in code (<c>UseVipCommands</c>), by instance; they replace a configuration's.</summary>
    private Dictionary<string, VrrpVipCommandOptions> VipCommandsInCode(VrrpHostPlan loaded, List<string> errors)
    {
        var commands = new Dictionary<string, VrrpVipCommandOptions>(StringComparer.Ordinal);
        foreach (VipCommandRegistration registered in _services.GetServices<VipCommandRegistration>())
        {
            // The rules of vip_take_command and its companions, from the one validator.
            bool valid = true;
            foreach (ConfigDiagnostic problem in VrrpOptionsValidator.GetProblems(registered.InstanceName, registered.Commands))
            {
                if (problem.Severity == ConfigDiagnosticSeverity.Error)
                {
                    errors.Add(problem.Message);
                    valid = false;
                }
            }

            if (!loaded.Instances.Any(i => i.Name == registered.InstanceName))
            {
                errors.Add($"VIP commands: there is no instance {registered.InstanceName}.");
            }
            else if (valid)
            {
                commands[registered.InstanceName] = registered.Commands;
            }
        }

        return commands;
    }

    /// <summary>Creates the runners (nothing opens until they run); what the platform refuses is a configuration error.</summary>
    private List<HostedInstance> CreateInstances(IEnumerable<VrrpInstancePlan> plans, List<string> errors)
    {
        IVrrpPlatform platform = _services.GetService<IVrrpPlatform>()
            ?? throw new InvalidOperationException("No VRRP platform is registered: call AddVrrp().UsePlatform(...) (the vrrp command plugs in Linux).");
        var created = new List<HostedInstance>();
        foreach (VrrpInstancePlan plan in plans)
        {
            try
            {
                if (plan.VipCommands is { } commands)
                {
                    // A platform may create the binder while it creates the runner, or later, as each run starts.
                    HostedInstance? hosted = null;
                    CommandVipBinder? early = null;
                    IVrrpInstanceRunner runner = platform.CreateRunner(plan.Settings, plan.Announcement, local =>
                    {
                        CommandVipBinder binder = CreateBinder(plan, commands, local);
                        if (hosted is null)
                        {
                            early = binder;
                        }
                        else
                        {
                            hosted.Binder = binder;
                        }

                        return binder;
                    }, _logger);
                    hosted = new HostedInstance(plan, runner) { Binder = early };
                    created.Add(hosted);
                }
                else
                {
                    created.Add(new HostedInstance(plan, platform.CreateRunner(plan.Settings, plan.Announcement, _logger)));
                }
            }
            catch (ArgumentException ex)
            {
                // The platform rejects what it cannot apply (IVrrpPlatform.CreateRunner): a configuration error, reported as one.
                errors.AddRange(ex.Message.Split(Environment.NewLine));
            }
            catch (NotSupportedException ex)
            {
                errors.Add($"vrrp_instance {plan.Name}: VIP commands: {ex.Message}");
            }
        }

        return created;
    }

    /// <summary>Creates the VIP command binder of a run (the platform calls this with its own binder, maybe while the runner is created).</summary>
    private CommandVipBinder CreateBinder(VrrpInstancePlan plan, VrrpVipCommandOptions commands, IVipBinder local)
    {
        var binder = new CommandVipBinder(plan.Settings, commands, local, _timeProvider, _logger, plan.VipCommandsRunAs, _bindingMetrics);
        binder.Changed = status => _registry.PublishBinding(binder, new VrrpBindingChange(binder.InstanceName, status));
        _registry.SetBinding(plan.Name, binder);
        return binder;
    }

    /// <summary>Makes a created instance the host's (replacing one of the same name): events, metrics, registry.</summary>
    private void Register(HostedInstance hosted)
    {
        hosted.Runner.StateChanged += (sender, e) => OnStateChanged(hosted, e);
        if (_metrics is not null)
        {
            hosted.Metrics = _metrics.Register(hosted.Runner);
        }

        lock (_lock)
        {
            // A restart replaces the stopped instance; its state changes keep counting from where they were.
            if (_instances.Find(h => h.Name == hosted.Name) is { } replaced)
            {
                hosted.Sequence = Interlocked.Read(ref replaced.Sequence);
                _instances[_instances.IndexOf(replaced)] = hosted;
            }
            else
            {
                _instances.Add(hosted);
            }
        }

        _registry.Add(hosted.Name, hosted.Runner);
    }

    private void OnStateChanged(HostedInstance hosted, VrrpStateChangedEventArgs e)
    {
        long sequence = Interlocked.Increment(ref hosted.Sequence);
        var change = new VrrpStateChange(sequence, e.InstanceName, e.From, e.To, e.Reason, e.Priority, e.Explanation, _timeProvider.GetUtcNow());
        _logger.StateChanged(e.InstanceName, e.From.ToString(), e.To.ToString(), e.Reason.ToString(), e.Priority, e.Explanation);
        _notifier.Enqueue(hosted.Plan.Notify, change);
        _groupNotifier?.OnStateChanged(change);
        _registry.Publish(hosted.Runner.Instance, change);
        if (Interlocked.Exchange(ref hosted.Announced, 1) == 0)
        {
            // The instance exists now (a platform may have waited for its interface): tell it what is already known.
            ApplyMaintenance(hosted);
            ReplayTracking(hosted);
            _trackers?.Replay(hosted.Name);
            if (hosted.Plan.SyncGroup is not null)
            {
                // Not on the instance's loop: joining posts to the other members.
                ThreadPool.QueueUserWorkItem(_ => TryCreateSyncGroups());
            }
        }
    }

    /// <summary>Keeps an instance the operator put in maintenance there, across restarts and reloads.</summary>
    private void ApplyMaintenance(HostedInstance hosted)
    {
        if (_controller is not null && _controller.IsInMaintenance(hosted.Name) && hosted.Runner.Instance is { IsInMaintenance: false } instance)
        {
            instance.SetMaintenance(true);
        }
    }

    private void TryCreateSyncGroups()
    {
        lock (_lock)
        {
            if (_plan is null || _stopped)
            {
                return;
            }

            foreach ((string name, IReadOnlyList<string> members) in _plan.SyncGroups)
            {
                if (!_syncGroups.TryGetValue(name, out VrrpSyncGroup? formed) || formed is not null || members.Count == 0)
                {
                    continue;
                }

                var instances = new List<VrrpInstance>(members.Count);
                foreach (string member in members)
                {
                    if (_instances.Find(h => h.Name == member)?.Runner.Instance is { } instance)
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
}

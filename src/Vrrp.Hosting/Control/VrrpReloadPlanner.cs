using Vrrp.Config.Options;
using Vrrp.Hosting.Configuration;
using Vrrp.Instances;

namespace Vrrp.Hosting.Control;

/// <summary>
/// Compares the running host plan with a newly read one and says what a reload does to each instance and sync group,
/// in the order the host applies it: groups to rebuild are taken apart, removed and restarting instances stop, live
/// updates apply (those that release addresses first), then new and restarted instances start and groups form. So a
/// virtual address that moves from one instance to another is released before it is bound again, in one reload
/// (keepalived may need two). Pure: no instance is touched.
/// </summary>
internal static class VrrpReloadPlanner
{
    public const string InstanceTarget = "vrrp_instance";
    public const string SyncGroupTarget = "vrrp_sync_group";

    public static List<VrrpReloadAction> Plan(VrrpHostPlan running, VrrpHostPlan next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var planned = new List<(int Phase, VrrpReloadAction Action)>();
        var restarted = new HashSet<string>(StringComparer.Ordinal);
        foreach (VrrpInstancePlan old in running.Instances)
        {
            if (Find(next, old.Name) is null)
            {
                planned.Add((1, new VrrpReloadAction(InstanceTarget, old.Name, VrrpReloadActionKind.Remove, [$"VRID {old.Settings.VirtualRouterId} on {old.Settings.InterfaceName}"])));
            }
        }

        foreach (VrrpInstancePlan plan in next.Instances)
        {
            if (Find(running, plan.Name) is not { } old)
            {
                planned.Add((5, new VrrpReloadAction(InstanceTarget, plan.Name, VrrpReloadActionKind.Add, [$"VRID {plan.Settings.VirtualRouterId} on {plan.Settings.InterfaceName}, priority {plan.Settings.Priority}"])));
                restarted.Add(plan.Name);
                continue;
            }

            VrrpReloadAction action = Compare(old, plan, running.Scripts, next.Scripts, out bool releasesAddresses);
            if (action.Kind == VrrpReloadActionKind.Restart)
            {
                restarted.Add(plan.Name);
            }

            int phase = action.Kind switch
            {
                VrrpReloadActionKind.Restart => 2,
                VrrpReloadActionKind.Update => releasesAddresses ? 3 : 4,
                _ => 9,
            };
            planned.Add((phase, action));
        }

        foreach ((string name, IReadOnlyList<string> members) in running.SyncGroups)
        {
            if (!next.SyncGroups.ContainsKey(name))
            {
                planned.Add((0, new VrrpReloadAction(SyncGroupTarget, name, VrrpReloadActionKind.Remove, [.. members])));
            }
        }

        foreach ((string name, IReadOnlyList<string> members) in next.SyncGroups)
        {
            if (!running.SyncGroups.TryGetValue(name, out IReadOnlyList<string>? old))
            {
                planned.Add((6, new VrrpReloadAction(SyncGroupTarget, name, VrrpReloadActionKind.Add, [.. members])));
                continue;
            }

            List<string> details = [.. members.Except(old, StringComparer.Ordinal).Select(m => "+ " + m), .. old.Except(members, StringComparer.Ordinal).Select(m => "- " + m)];
            details.AddRange(members.Where(m => restarted.Contains(m) && old.Contains(m)).Select(m => $"{m} restarts: the group forms again"));
            planned.Add(details.Count == 0
                ? (9, new VrrpReloadAction(SyncGroupTarget, name, VrrpReloadActionKind.Keep, []))
                : (0, new VrrpReloadAction(SyncGroupTarget, name, VrrpReloadActionKind.Update, details)));
        }

        // Stable: within a phase, configuration order.
        return [.. planned.Select((p, i) => (p.Phase, i, p.Action)).OrderBy(p => p.Phase).ThenBy(p => p.i).Select(p => p.Action)];
    }

    private static VrrpReloadAction Compare(VrrpInstancePlan old, VrrpInstancePlan plan, IReadOnlyDictionary<string, VrrpScriptOptions> oldScripts, IReadOnlyDictionary<string, VrrpScriptOptions> scripts, out bool releasesAddresses)
    {
        VrrpSettingsDiff diff = VrrpSettingsDiff.Compare(old.Settings, plan.Settings);
        releasesAddresses = diff.RemovedAddresses.Count > 0;
        var restart = new List<string>(diff.RestartReasons);
        if (old.Announcement != plan.Announcement)
        {
            restart.Add("gratuitous ARP / NA or virtual MAC settings changed");
        }

        if ((old.VipCommands is not null || plan.VipCommands is not null) && (!(old.VipCommands?.SameAs(plan.VipCommands) ?? false) || old.VipCommandsRunAs != plan.VipCommandsRunAs))
        {
            restart.Add("VIP commands changed");
        }

        var live = new List<string>(diff.Changes);
        if (old.Notify != plan.Notify)
        {
            live.Add("notify scripts changed");
        }

        Differences(live, "track_script", old.TrackedScripts, plan.TrackedScripts);
        Differences(live, "track_interface", [.. old.TrackedInterfaces.Select(t => t.InterfaceName)], [.. plan.TrackedInterfaces.Select(t => t.InterfaceName)]);
        foreach (string script in plan.TrackedScripts)
        {
            if (old.TrackedScripts.Contains(script) && !SameScript(oldScripts[script], scripts[script]))
            {
                live.Add($"vrrp_script {script} changed");
            }
        }

        if (restart.Count > 0)
        {
            return new VrrpReloadAction(InstanceTarget, plan.Name, VrrpReloadActionKind.Restart, [.. restart, .. live]);
        }

        return new VrrpReloadAction(InstanceTarget, plan.Name, live.Count > 0 ? VrrpReloadActionKind.Update : VrrpReloadActionKind.Keep, live);
    }

    /// <summary>Whether a <c>vrrp_script</c>'s poller can keep running: same command and schedule (weights live in the instances).</summary>
    public static bool SameScript(VrrpScriptOptions a, VrrpScriptOptions b) =>
        a.Script == b.Script && a.Interval == b.Interval && a.Timeout == b.Timeout;

    private static void Differences(List<string> details, string keyword, IReadOnlyList<string> old, IReadOnlyList<string> next)
    {
        foreach (string added in next.Except(old, StringComparer.Ordinal))
        {
            details.Add($"{keyword} + {added}");
        }

        foreach (string removed in old.Except(next, StringComparer.Ordinal))
        {
            details.Add($"{keyword} - {removed}");
        }
    }

    private static VrrpInstancePlan? Find(VrrpHostPlan plan, string name)
    {
        foreach (VrrpInstancePlan instance in plan.Instances)
        {
            if (instance.Name == name)
            {
                return instance;
            }
        }

        return null;
    }
}

using Vrrp.Config.Options;
using Vrrp.Hosting.Configuration;
using Vrrp.Tracking;

namespace Vrrp.Hosting.Tracking;

/// <summary>
/// Adds an instance's <c>track_file</c> and <c>track_process</c> lines (its own, then its sync group's) to its plan:
/// one tracked item each (a value item for a file), and collects the trackers the host must run.
/// </summary>
internal sealed class TrackerPlans
{
    public Dictionary<string, VrrpTrackFileOptions> Files { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VrrpTrackProcessOptions> Processes { get; } = new(StringComparer.Ordinal);

    public VrrpInstancePlan Add(VrrpInstancePlan plan, VrrpOptions options)
    {
        if (!options.Instances.TryGetValue(plan.Name, out VrrpInstanceOptions? instance))
        {
            return plan;
        }

        VrrpSyncGroupOptions? group = plan.SyncGroup is { } name ? options.SyncGroups.GetValueOrDefault(name) : null;
        var items = new List<VrrpTrackedItem>(plan.Settings.TrackedItems);
        var files = new List<TrackedReference>();
        foreach (TrackReferenceOptions track in Both(instance.TrackFiles, group?.TrackFiles))
        {
            if (files.Exists(f => f.Name == track.Name) || !options.TrackFiles.TryGetValue(track.Name, out VrrpTrackFileOptions? file)
                || (group is not null && (track.Weight ?? file.Weight) != 0 && instance.TrackFiles.Contains(track)))
            {
                // keepalived ignores a sync group member's own weighted track_file (the validator warns).
                continue;
            }

            Files[track.Name] = file;
            string item = UniqueName(items, track.Name, "file ");
            files.Add(new TrackedReference(item, track.Name));
            items.Add(new VrrpTrackedItem { Name = item, Weight = track.Weight ?? file.Weight, Reverse = track.Reverse || (track.Weight is null && file.WeightReverse), IsValue = true });
        }

        var processes = new List<TrackedReference>();
        foreach (TrackReferenceOptions track in Both(instance.TrackProcesses, group?.TrackProcesses))
        {
            if (processes.Exists(p => p.Name == track.Name) || !options.TrackProcesses.TryGetValue(track.Name, out VrrpTrackProcessOptions? process))
            {
                continue;
            }

            Processes[track.Name] = process;
            string item = UniqueName(items, track.Name, "process ");
            processes.Add(new TrackedReference(item, track.Name));

            // keepalived takes -254..254; with the priority clamped to 1..254 afterwards, +-254 moves it as +-253 does.
            int weight = Math.Clamp(track.Weight ?? process.Weight, -VrrpTrackedItem.MaxWeight, VrrpTrackedItem.MaxWeight);
            items.Add(new VrrpTrackedItem { Name = item, Weight = weight, Reverse = track.Reverse || (track.Weight is null && process.WeightReverse) });
        }

        if (files.Count == 0 && processes.Count == 0)
        {
            return plan;
        }

        VrrpInstanceSettings settings = plan.Settings with { TrackedItems = items };
        settings.ThrowIfInvalid();
        return plan with { Settings = settings, TrackedFiles = files, TrackedProcesses = processes };
    }

    private static List<TrackReferenceOptions> Both(List<TrackReferenceOptions> own, List<TrackReferenceOptions>? group) => group is null ? own : [.. own, .. group];

    // Item names are unique per instance; a tracker that shares another item's name gets a prefix.
    private static string UniqueName(List<VrrpTrackedItem> items, string name, string prefix) =>
        items.Exists(i => i.Name == name) ? prefix + name : name;
}

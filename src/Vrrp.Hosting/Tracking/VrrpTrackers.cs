using Microsoft.Extensions.Logging;
using Vrrp.Config.Options;
using Vrrp.Hosting.Configuration;
using Vrrp.Instances;

namespace Vrrp.Hosting.Tracking;

/// <summary>
/// The host's <c>track_file</c> and <c>vrrp_track_process</c> trackers: one per tracker some instance tracks, each
/// reporting into the tracked items of its instances (<see cref="VrrpInstance.ReportTrackedValue"/> for files,
/// <see cref="VrrpInstance.ReportTrackedItem"/> for processes). <see cref="Replay"/> tells an instance that started
/// after a tracker's first report what the tracker last saw.
/// </summary>
internal sealed class VrrpTrackers : IDisposable
{
    private readonly Func<string, VrrpInstance?> _find;
    private readonly List<(FileTracker Tracker, List<(string Instance, string Item)> Targets)> _files = [];
    private readonly List<(ProcessTracker Tracker, List<(string Instance, string Item)> Targets)> _processes = [];

    private VrrpTrackers(Func<string, VrrpInstance?> find) => _find = find;

    /// <summary>Gets how many trackers run.</summary>
    public int Count => _files.Count + _processes.Count;

    /// <summary>Creates and starts the trackers of <paramref name="plan"/>.</summary>
    /// <param name="plan">The instances and what they track.</param>
    /// <param name="find">Finds a running instance by name.</param>
    /// <param name="timeProvider">The clock of the backstop reads, polls and delays.</param>
    /// <param name="logger">Where trackers log.</param>
    /// <param name="processTable">The process table (default: /proc on Linux).</param>
    /// <param name="pollInterval">The process poll interval (default <see cref="ProcessTracker.DefaultPollInterval"/>).</param>
    /// <returns>The running trackers.</returns>
    public static VrrpTrackers Start(VrrpHostPlan plan, Func<string, VrrpInstance?> find, TimeProvider timeProvider, ILogger logger, IProcessTable? processTable = null, TimeSpan? pollInterval = null)
    {
        var trackers = new VrrpTrackers(find);
        foreach ((string name, VrrpTrackFileOptions options) in plan.TrackFiles)
        {
            List<(string, string)> targets = Targets(plan, name, p => p.TrackedFiles);
            var tracker = new FileTracker(name, options, timeProvider, logger, value => trackers.Report(targets, value));
            trackers._files.Add((tracker, targets));
            tracker.Start();
        }

        if (plan.TrackProcesses.Count > 0)
        {
            processTable ??= OperatingSystem.IsLinux() ? new ProcFileSystemProcessTable() : null;
            foreach ((string name, VrrpTrackProcessOptions options) in plan.TrackProcesses)
            {
                if (processTable is null)
                {
                    logger.TrackProcessProblem(name, "vrrp_track_process reads /proc, which this system does not have; it is not tracked");
                    continue;
                }

                List<(string, string)> targets = Targets(plan, name, p => p.TrackedProcesses);
                var tracker = new ProcessTracker(name, options, processTable, timeProvider, pollInterval ?? ProcessTracker.DefaultPollInterval, logger, up => trackers.Report(targets, up));
                trackers._processes.Add((tracker, targets));
                tracker.Start();
            }
        }

        return trackers;
    }

    /// <summary>Reports every tracker's last result to <paramref name="instance"/> (call when it has just started).</summary>
    public void Replay(string instance)
    {
        foreach ((FileTracker tracker, List<(string Instance, string Item)> targets) in _files)
        {
            if (tracker.Value is long value)
            {
                Report(targets, value, instance);
            }
        }

        foreach ((ProcessTracker tracker, List<(string Instance, string Item)> targets) in _processes)
        {
            if (tracker.IsUp is bool up)
            {
                Report(targets, up, instance);
            }
        }
    }

    public void Dispose()
    {
        foreach ((FileTracker tracker, _) in _files)
        {
            tracker.Dispose();
        }

        foreach ((ProcessTracker tracker, _) in _processes)
        {
            tracker.Dispose();
        }
    }

    private static List<(string, string)> Targets(VrrpHostPlan plan, string name, Func<VrrpInstancePlan, IReadOnlyList<TrackedReference>> tracked)
    {
        var targets = new List<(string, string)>();
        foreach (VrrpInstancePlan instance in plan.Instances)
        {
            foreach (TrackedReference reference in tracked(instance))
            {
                if (reference.Name == name)
                {
                    targets.Add((instance.Name, reference.ItemName));
                }
            }
        }

        return targets;
    }

    private void Report(List<(string Instance, string Item)> targets, long value, string? only = null)
    {
        foreach ((string instance, string item) in targets)
        {
            if (only is null || only == instance)
            {
                _find(instance)?.ReportTrackedValue(item, value);
            }
        }
    }

    private void Report(List<(string Instance, string Item)> targets, bool up, string? only = null)
    {
        foreach ((string instance, string item) in targets)
        {
            if (only is null || only == instance)
            {
                _find(instance)?.ReportTrackedItem(item, up);
            }
        }
    }
}

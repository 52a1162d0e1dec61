using System.Globalization;
using System.Text;
using Vrrp.Config.Options;
using Vrrp.Hosting.Configuration;

namespace Vrrp.Hosting.Tracking;

/// <summary>
/// What the file and process trackers of a plan are, as one string: a reload restarts <see cref="VrrpTrackers"/> only
/// when it changes, so an unchanged reload never resets a tracker (a restarted process tracker would report again
/// after its first poll).
/// </summary>
internal static class TrackerFingerprint
{
    public static string Of(VrrpHostPlan plan)
    {
        var text = new StringBuilder();
        foreach ((string name, VrrpTrackFileOptions file) in plan.TrackFiles.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"file {name} {file.File} {file.Weight} {file.WeightReverse} {file.InitValue} {file.InitOverwrite}\n");
        }

        foreach ((string name, VrrpTrackProcessOptions process) in plan.TrackProcesses.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"process {name} {process.Process} [{string.Join('\u0001', process.Parameters)}] {process.ParameterMatch} {process.FullCommand} {process.Quorum} {process.QuorumMax} {process.Weight} {process.WeightReverse} {process.ForkDelay} {process.TerminateDelay}\n");
        }

        foreach (VrrpInstancePlan instance in plan.Instances)
        {
            text.Append(CultureInfo.InvariantCulture, $"instance {instance.Name} {string.Join(',', instance.TrackedFiles)} {string.Join(',', instance.TrackedProcesses)}\n");
        }

        return text.ToString();
    }
}
